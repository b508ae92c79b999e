import TotsugoCore

/// Reads one kind of catalog file. To add an input format: a type conforming to this, and a
/// line in `InputReaders.catalogs`.
public protocol CatalogReader: Sendable {
    /// File extensions it reads, lower-case, without the dot.
    var fileExtensions: [String] { get }
    func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> Catalog
}

/// Reads one kind of mapping file; registered in `InputReaders.mappings`.
public protocol MappingReader: Sendable {
    var fileExtensions: [String] { get }
    func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> Mapping
}

/// Every input format, keyed by file extension: the one registry `InputLoader` reads with.
public enum InputReaders {
    public static let catalogs: [any CatalogReader] = [CatalogXMLParser(), CatalogTextParser()]
    public static let mappings: [any MappingReader] = [MappingYAMLParser()]
    /// Files whose content says whether they hold a catalog or a mapping (OSCAL JSON).
    public static let documents: [any DocumentReader] = [OSCALJSONReader()]

    /// What a file is read as, from its extension.
    public enum Reader: Sendable {
        case catalog(any CatalogReader)
        case mapping(any MappingReader)
        case document(any DocumentReader)

        public var readsCatalogs: Bool {
            if case .catalog = self { return true }
            return false
        }
    }

    public static func reader(for path: String) -> Reader? {
        let ext = (path.split(separator: "/").last.flatMap { $0.split(separator: ".", omittingEmptySubsequences: false).dropFirst().last })
            .map { $0.lowercased() } ?? ""
        if let reader = catalogs.first(where: { $0.fileExtensions.contains(ext) }) { return .catalog(reader) }
        if let reader = mappings.first(where: { $0.fileExtensions.contains(ext) }) { return .mapping(reader) }
        if let reader = documents.first(where: { $0.fileExtensions.contains(ext) }) { return .document(reader) }
        return nil
    }

    /// "use .xml or .txt for catalogs, .yaml or .yml for mappings", from the registry.
    public static var knownExtensions: String {
        func list(_ extensions: [String]) -> String { extensions.map { "." + $0 }.joined(separator: " or ") }
        return "use \(list(catalogs.flatMap(\.fileExtensions))) for catalogs, \(list(mappings.flatMap(\.fileExtensions))) for mappings, "
            + "\(list(documents.flatMap(\.fileExtensions))) for OSCAL catalogs and mapping collections"
    }
}
