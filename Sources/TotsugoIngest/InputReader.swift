import TotsugoCore

/// Reads one kind of catalog file. To add an input format: a type conforming to this, and a
/// line in `InputReaders.catalogs`.
public protocol CatalogReader: Sendable {
    /// File extensions it reads, lower-case, without the dot.
    var fileExtensions: [String] { get }
    func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> Catalog
}

/// A catalog reader that reads its file itself, a piece at a time, rather than from the whole
/// file in memory; `InputLoader` reads such a file through `read(path:limits:)`, with the same
/// checks and diagnostics as `InputFile.read` followed by `read(_:limits:)`.
public protocol StreamingCatalogReader: CatalogReader {
    func read(path: String, limits: InputLimits) throws(DiagnosticError) -> Catalog
}

/// Reads one kind of mapping file; registered in `InputReaders.mappings`.
public protocol MappingReader: Sendable {
    var fileExtensions: [String] { get }
    func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> Mapping
}

/// A document reader that claims files of an extension another reader has by what they hold
/// (OSCAL XML among `.xml` files, which are otherwise totsugo's catalog XML).
public protocol ContentDocumentReader: DocumentReader {
    /// Whether `bytes` are for this reader (a cheap look at the start of the file).
    func claims(_ bytes: [UInt8]) -> Bool
}

/// Every input format, keyed by file extension: the one registry `InputLoader` reads with.
public enum InputReaders {
    public static let catalogs: [any CatalogReader] = [CatalogXMLParser(), CatalogTextParser()]
    public static let mappings: [any MappingReader] = [MappingYAMLParser()]
    /// Files whose content says whether they hold a catalog or a mapping (OSCAL JSON).
    public static let documents: [any DocumentReader] = [OSCALJSONReader()]
    /// Readers chosen by content before the extension decides: OSCAL XML (root `catalog` or
    /// `mapping-collection` in OSCAL's namespace) among `.xml` files.
    public static let byContent: [any ContentDocumentReader] = [OSCALXMLReader()]

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
        let ext = extensionOf(path)
        if let reader = catalogs.first(where: { $0.fileExtensions.contains(ext) }) { return .catalog(reader) }
        if let reader = mappings.first(where: { $0.fileExtensions.contains(ext) }) { return .mapping(reader) }
        if let reader = documents.first(where: { $0.fileExtensions.contains(ext) }) { return .document(reader) }
        return nil
    }

    /// What a file is read as, from its extension and, where a reader of `byContent` reads
    /// that extension, its content.
    public static func reader(for path: String, content: [UInt8]) -> Reader? {
        let ext = extensionOf(path)
        if let reader = byContent.first(where: { $0.fileExtensions.contains(ext) && $0.claims(content) }) { return .document(reader) }
        return reader(for: path)
    }

    /// The reader that reads `path` a piece at a time from its file, if its extension's reader
    /// can and no reader of `byContent` may claim the file (that needs its bytes first).
    public static func streamingReader(for path: String) -> (any StreamingCatalogReader)? {
        guard case .catalog(let reader)? = reader(for: path), let streaming = reader as? any StreamingCatalogReader,
              !byContent.contains(where: { $0.fileExtensions.contains(extensionOf(path)) }) else { return nil }
        return streaming
    }

    static func extensionOf(_ path: String) -> String {
        (path.split(separator: "/").last.flatMap { $0.split(separator: ".", omittingEmptySubsequences: false).dropFirst().last })
            .map { $0.lowercased() } ?? ""
    }

    /// "use .xml or .txt for catalogs, .yaml or .yml for mappings", from the registry.
    public static var knownExtensions: String {
        func list(_ extensions: [String]) -> String { extensions.map { "." + $0 }.joined(separator: " or ") }
        return "use \(list(catalogs.flatMap(\.fileExtensions))) for catalogs, \(list(mappings.flatMap(\.fileExtensions))) for mappings, "
            + "\(list(documents.flatMap(\.fileExtensions))) for OSCAL catalogs and mapping collections"
    }
}
