import TotsugoCore
import TotsugoMatch

/// One output format: a name `--format` takes and a way to write an artifact into a file.
/// Every format of every command has this one shape; to add one, write a type conforming to
/// it and add it to its command's list in `OutputFormats`.
public protocol OutputFormat<Artifact>: Sendable {
    /// What the format is made from (a 突合表, a regulation document, a check report, a diff).
    associatedtype Artifact
    /// The name `--format` takes; also the file extension of what it writes.
    var name: String { get }
    /// Other names accepted for it, on `--format` and as `--out`'s extension (`markdown`).
    var aliases: [String] { get }
    /// Writes `artifact` into `file` (a staged output file, or standard output); returns what
    /// the reader must know about the result (warnings located in the output file).
    func write(_ artifact: Artifact, to file: inout OutputFile) throws -> [Diagnostic]
    /// How the format's work is best scheduled beside the others of the same run.
    var schedule: OutputSchedule { get }
    /// Whether the format shows the 逆引き (`TableArtifact.reverse`): when more than one
    /// format of a run does, the view is made once and shared.
    var showsReverseView: Bool { get }
}

extension OutputFormat {
    public var aliases: [String] { [] }
    public var schedule: OutputSchedule { .withOthers }
    public var showsReverseView: Bool { false }
}

/// A format made whole in memory (reports, regulation documents): writing it is writing its
/// bytes, so a conforming type names itself and renders.
public protocol RenderedFormat: OutputFormat {
    func render(_ artifact: Artifact) throws -> [UInt8]
}

extension RenderedFormat {
    public func write(_ artifact: Artifact, to file: inout OutputFile) throws -> [Diagnostic] {
        try file.write(render(artifact))
        return []
    }
}

/// How an output format's work is scheduled in a run that writes several formats.
public enum OutputSchedule: Sendable {
    /// Written one after the other with the other formats.
    case withOthers
    /// The longest path of a large run (the workbook's deflate): made on a thread of its own
    /// while the other formats are written at low priority.
    case longestPath
}

/// The 突合表 of one mapping, with what every table format is made from (all made by the
/// Match stage; the formats only lay them out).
public struct TableArtifact: Sendable {
    public var table: CrossReferenceTable
    public var resolved: ResolvedMapping
    public var coverage: Coverage
    /// The 逆引き when it was made once for several formats of the run; nil when at most one
    /// format shows it, which then makes its own and frees it as soon as it is written (held
    /// for the whole emission it cost 32 MiB of peak memory at 100k items).
    public var sharedReverse: ReverseView?
    /// The 逆引き: each target item with the source items that cite it.
    public var reverse: ReverseView { sharedReverse ?? ReverseView(resolved) }

    public init(table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, reverse: ReverseView? = nil) {
        self.table = table
        self.resolved = resolved
        self.coverage = coverage
        self.sharedReverse = reverse
    }
}

/// A catalog diff with the mapping entries it makes stale (nil when no mappings were given).
public struct DiffArtifact: Sendable {
    public var diff: CatalogDiff
    public var stale: [StaleEntry]?

    public init(diff: CatalogDiff, stale: [StaleEntry]?) {
        self.diff = diff
        self.stale = stale
    }
}

/// The formats a command knows, in the order `--help` lists them; parses `--format`.
public struct OutputFormatList<Artifact>: Sendable {
    public let formats: [any OutputFormat<Artifact>]

    public init(_ formats: [any OutputFormat<Artifact>]) { self.formats = formats }

    public var names: [String] { formats.map(\.name) }

    /// The format `name` (or one of its aliases) names, case-insensitive.
    public func format(named name: String) -> (any OutputFormat<Artifact>)? {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        return formats.first { $0.name == wanted || $0.aliases.contains(wanted) }
    }

    /// A comma-separated `--format` list, each format once, in the order given.
    public func parse(_ list: String) throws(OutputFormatError) -> [any OutputFormat<Artifact>] {
        var result: [any OutputFormat<Artifact>] = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let format = format(named: name) else {
                throw OutputFormatError(message: "unknown format '\(name)'; known: \(names.joined(separator: ", "))")
            }
            if !result.contains(where: { $0.name == format.name }) { result.append(format) }
        }
        guard !result.isEmpty else { throw OutputFormatError(message: "--format needs at least one format") }
        return result
    }
}

public struct OutputFormatError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Every command's output formats: the one registry `--format` is read against.
public enum OutputFormats {
    /// `build`: the 突合表 of each mapping.
    public static let table = OutputFormatList<TableArtifact>([CSVEmitter(), MarkdownEmitter(), XLSXEmitter(), HTMLReportEmitter()])
    /// `regulation`: the sample regulation of each mapping.
    public static let regulation = OutputFormatList<RegulationDocument>([
        RegulationDOCXEmitter(), RegulationMarkdownEmitter(), RegulationHTMLEmitter(),
    ])
    /// `check`: the coverage gate's report.
    public static let check = OutputFormatList<CheckReport>([
        CheckTextEmitter(), CheckMarkdownEmitter(), CheckJSONEmitter(), CheckJUnitEmitter(), CheckGitHubEmitter(),
    ])
    /// `diff`: two editions of a catalog compared.
    public static let diff = OutputFormatList<DiffArtifact>([
        DiffTextEmitter(), DiffMarkdownEmitter(), DiffHTMLEmitter(), DiffJSONEmitter(),
    ])
}
