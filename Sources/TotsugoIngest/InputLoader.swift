import Foundation
import TotsugoCore

/// Finds and parses input files: `*.xml` (catalog XML), `*.txt` (catalog structured text),
/// `*.yaml` / `*.yml` (mappings). Folders are searched recursively in sorted order; other
/// files (README.md, catalog.xsd) are ignored. Every file is parsed even after an error, so one
/// run reports every problem.
public struct InputLoader {
    public var limits: InputLimits
    public var sizeLimit: Int {
        get { limits.maxInputBytes }
        set { limits.maxInputBytes = newValue }
    }

    public init(sizeLimit: Int = InputFile.defaultSizeLimit) {
        self.limits = InputLimits(maxInputBytes: sizeLimit)
    }

    public init(limits: InputLimits) {
        self.limits = limits
    }

    public enum Kind: Sendable { case catalogXML, catalogText, mapping }

    public static func kind(of path: String) -> Kind? {
        switch (path as NSString).pathExtension.lowercased() {
        case "xml": .catalogXML
        case "txt": .catalogText
        case "yaml", "yml": .mapping
        default: nil
        }
    }

    public struct Result: Sendable {
        public var catalogs: [Catalog] = []
        public var mappings: [Mapping] = []
        public var diagnostics: [Diagnostic] = []
        /// True when a named path did not exist (exit 66 rather than 65).
        public var missingInput = false

        public init() {}
    }

    /// Loads every input under `paths` (files or folders).
    public func load(_ paths: [String]) -> Result {
        var result = Result()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.diagnostics.append(.error(SourceLocation(file: path), "no such file or folder"))
                result.missingInput = true
                continue
            }
            let files = isDirectory.boolValue ? Self.files(under: path) : [path]
            for file in files { load(file: file, into: &result) }
        }
        checkUniqueIDs(&result)
        return result
    }

    static func files(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = (folder as NSString).appendingPathComponent(relative)
            if kind(of: path) != nil { found.append(path) }
        }
        return found.sorted()
    }

    private func load(file: String, into result: inout Result) {
        guard let kind = Self.kind(of: file) else {
            result.diagnostics.append(.error(SourceLocation(file: file), "unknown input type: use .xml or .txt for catalogs, .yaml for mappings"))
            return
        }
        do throws(DiagnosticError) {
            let input = try InputFile.read(file, sizeLimit: limits.maxInputBytes)
            switch kind {
            case .catalogXML: result.catalogs.append(try CatalogXMLParser(limits: limits).parse(input))
            case .catalogText: result.catalogs.append(try CatalogTextParser(limits: limits).parse(input))
            case .mapping: result.mappings.append(try MappingYAMLParser(nodeBudget: limits.maxYAMLNodes).parse(input))
            }
        } catch {
            if error.kind == .missingInput { result.missingInput = true }
            result.diagnostics.append(contentsOf: error.diagnostics)
        }
    }

    private func checkUniqueIDs(_ result: inout Result) {
        var catalogs: [String: SourceLocation] = [:]
        for catalog in result.catalogs {
            let here = catalog.location ?? SourceLocation(file: "?")
            if let first = catalogs[catalog.id] {
                result.diagnostics.append(.error(here, "duplicate catalog id '\(catalog.id)' (also in \(first.file))"))
            } else {
                catalogs[catalog.id] = here
            }
        }
        var mappings: [String: SourceLocation] = [:]
        for mapping in result.mappings {
            let here = mapping.location ?? SourceLocation(file: "?")
            if let first = mappings[mapping.id] {
                result.diagnostics.append(.error(here, "duplicate mapping id '\(mapping.id)' (also in \(first.file))"))
            } else {
                mappings[mapping.id] = here
            }
        }
    }
}
