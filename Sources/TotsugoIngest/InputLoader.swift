import Foundation
import TotsugoCore
import TotsugoScheduler

/// Finds and parses input files: `*.xml` (catalog XML, or OSCAL XML by its root element), `*.txt` (catalog structured text),
/// `*.yaml` / `*.yml` (mappings). Folders are searched recursively in sorted order; other
/// files (README.md, catalog.xsd) are ignored. Every file is parsed even after an error, so one
/// run reports every problem.
public struct InputLoader: Sendable {
    public var limits: InputLimits
    /// Called on the worker thread as soon as a catalog has been read (before the other files
    /// are done), so callers can start on it while the rest is still parsing. A scheduling hook
    /// of this package's build, not API.
    package var onCatalog: (@Sendable (Catalog) -> Void)?
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

    public struct Result: Sendable {
        public var catalogs: [Catalog] = []
        public var mappings: [Mapping] = []
        public var diagnostics: [Diagnostic] = []
        /// Mappings read in part from files with errors (`DiagnosticError.readSoFar`), to check
        /// their references in the same run; never built from.
        public var mappingsReadSoFar: [Mapping] = []
        /// Mapping files that could not be read at all: their references are not checked.
        public var unreadMappingFiles: [String] = []
        /// True when a named path did not exist (exit 66 rather than 65).
        public var missingInput = false

        public init() {}
    }

    /// Loads every input under `paths` (files or folders).
    public func load(_ paths: [String]) -> Result {
        var result = Result()
        var files: [String] = []
        var missing: [(before: Int, path: String)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                missing.append((files.count, path))
                continue
            }
            files += isDirectory.boolValue ? Self.files(under: path, diagnostics: &result.diagnostics) : [path]
        }
        let loaded = loadConcurrently(files)
        for index in 0...files.count {
            for gap in missing where gap.before == index {
                result.diagnostics.append(.error(SourceLocation(file: gap.path), "no such file or folder"))
                result.missingInput = true
            }
            guard index < files.count else { break }
            switch loaded[index] {
            case .catalog(let catalog, let warnings):
                result.catalogs.append(catalog)
                result.diagnostics += warnings
            case .mapping(let mapping, let warnings):
                result.mappings.append(mapping)
                result.diagnostics += warnings
            case .failed(let diagnostics, let missing, let readSoFar):
                result.diagnostics.append(contentsOf: diagnostics)
                if missing { result.missingInput = true }
                if let readSoFar { result.mappingsReadSoFar.append(readSoFar) }
                else if case .mapping = InputReaders.reader(for: files[index]) { result.unreadMappingFiles.append(files[index]) }
            }
        }
        checkUniqueIDs(&result)
        return result
    }

    private enum Loaded: Sendable {
        case catalog(Catalog, warnings: [Diagnostic] = [])
        case mapping(Mapping, warnings: [Diagnostic] = [])
        case failed([Diagnostic], missing: Bool, readSoFar: Mapping? = nil)
    }

    /// Parses the files on as many threads as there are cores (catalogs and mappings are
    /// independent), largest first; the results come back in the order of `files`, so the
    /// model and the diagnostics do not depend on which thread finished first.
    private func loadConcurrently(_ files: [String]) -> [Loaded] {
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        let schedule = files.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        let loader = self
        let loaded = Scheduler.map(schedule.count) { step in loader.load(file: files[schedule[step]]) }
        var results = [Loaded?](repeating: nil, count: files.count)
        for (step, result) in loaded.enumerated() { results[schedule[step]] = result }
        return results.map { $0! }
    }

    /// The input files under `folder`, sorted: every entry with a known extension that is not
    /// a folder (a FIFO or device among them is listed, so reading it reports what it is).
    /// Folders are searched whatever their name (`dir.xml/` too), also when reached through a
    /// symbolic link; a link back to a folder being searched, or to one already searched, is
    /// not followed again (a warning says so), so link cycles end.
    package static func files(under folder: String, diagnostics: inout [Diagnostic]) -> [String] {
        struct FolderID: Hashable { var device: UInt64; var inode: UInt64 }
        func id(_ path: String) -> FolderID? {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
            return FolderID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        }
        var found: [String] = []
        var searched: [FolderID: String] = [:]
        var warnings: [Diagnostic] = []
        func walk(_ path: String, _ folder: FolderID, ancestors: Set<FolderID>) {
            searched[folder] = path
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                warnings.append(.error(SourceLocation(file: path), "cannot read folder: \(error.localizedDescription)"))
                return
            }
            for name in names.sorted() {
                let child = (path as NSString).appendingPathComponent(name)
                if let childID = id(child) {
                    if ancestors.contains(childID) || searched[childID] != nil {
                        let where_ = searched[childID] ?? path
                        warnings.append(.warning(SourceLocation(file: child),
                            "not searched: this folder (a symbolic link) leads to \(where_), which is \(ancestors.contains(childID) ? "being" : "already") searched"))
                        continue
                    }
                    walk(child, childID, ancestors: ancestors.union([childID]))
                } else if InputReaders.reader(for: child) != nil {
                    found.append(child)
                }
            }
        }
        if let root = id(folder) { walk(folder, root, ancestors: [root]) }
        diagnostics += warnings
        return found.sorted()
    }

    private func catalogRead(_ catalog: Catalog) -> Loaded {
        onCatalog?(catalog)
        return .catalog(catalog)
    }

    private func load(file: String) -> Loaded {
        guard var reader = InputReaders.reader(for: file) else {
            return .failed([.error(SourceLocation(file: file), "unknown input type: \(InputReaders.knownExtensions)")], missing: false)
        }
        do throws(DiagnosticError) {
            // A reader that reads its file a piece at a time does (a text catalog held whole was
            // the peak of `regulation`), unless a reader by content may claim the file.
            if let streaming = InputReaders.streamingReader(for: file) {
                return catalogRead(try streaming.read(path: file, limits: limits))
            }
            let input = try InputFile.read(file, sizeLimit: limits.maxInputBytes)
            // An `.xml` file may be OSCAL XML rather than a catalog of ours: its root decides.
            reader = InputReaders.reader(for: file, content: input.bytes) ?? reader
            switch reader {
            case .catalog(let reader): return catalogRead(try reader.read(input, limits: limits))
            case .mapping(let reader): return .mapping(try reader.read(input, limits: limits))
            case .document(let reader):
                let document = try reader.read(input, limits: limits)
                switch document.content {
                case .catalog(let catalog):
                    onCatalog?(catalog)
                    return .catalog(catalog, warnings: document.warnings)
                case .mapping(let mapping): return .mapping(mapping, warnings: document.warnings)
                }
            }
        } catch {
            return .failed(error.diagnostics, missing: error.kind == .missingInput, readSoFar: error.readSoFar)
        }
    }

    private func checkUniqueIDs(_ result: inout Result) {
        var catalogs: [String: Catalog] = [:]
        for catalog in result.catalogs {
            let here = catalog.idLocation ?? catalog.location ?? SourceLocation(file: "?")
            if let first = catalogs[catalog.id] {
                let there = first.idLocation ?? first.location ?? SourceLocation(file: "?")
                result.diagnostics.append(.error(here, "duplicate catalog id \(catalog.quotedID) (also \(first.quotedID) at \(there))"))
            } else {
                catalogs[catalog.id] = catalog
            }
        }
        // Mapping ids name output files: ids equal as keys collide everywhere, ids that differ
        // only in letter case (`Äx`, `äx`) on the case-insensitive file systems of macOS and Windows.
        var mappings: [String: Mapping] = [:]
        var folded: [String: Mapping] = [:]
        for mapping in result.mappings {
            let here = mapping.idLocation ?? mapping.location ?? SourceLocation(file: "?")
            if let first = mappings[mapping.id] {
                let there = first.idLocation ?? first.location ?? SourceLocation(file: "?")
                result.diagnostics.append(.error(here, "duplicate mapping id \(mapping.quotedID) (also \(first.quotedID) at \(there))"))
            } else if let first = folded[mapping.id.lowercased()] {
                let there = first.idLocation ?? first.location ?? SourceLocation(file: "?")
                result.diagnostics.append(.error(here, "mapping id \(mapping.quotedID) differs from \(first.quotedID) (at \(there)) only in letter case: "
                    + "their output files would overwrite each other on macOS and Windows; rename one"))
            } else {
                mappings[mapping.id] = mapping
                folded[mapping.id.lowercased()] = mapping
            }
        }
    }
}
