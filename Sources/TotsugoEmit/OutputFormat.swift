import Foundation
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
    /// Whether the format shows the 逆引き (`TableArtifact.withReverse`): when more than one
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

/// A text format made as a sequence of pieces (the regulation's md and html): written into its
/// file a piece at a time through `OutputFile.stream`'s buffer, never whole in memory; `render`
/// joins the pieces (tests, callers that want the bytes).
public protocol PiecewiseFormat: OutputFormat {
    func pieces(of artifact: Artifact, _ emit: (String) throws -> Void) rethrows
}

extension PiecewiseFormat {
    public func render(_ artifact: Artifact) -> [UInt8] {
        var out: [UInt8] = []
        pieces(of: artifact) { out.append(contentsOf: $0.utf8) }
        return out
    }

    public func write(_ artifact: Artifact, to file: inout OutputFile) throws -> [Diagnostic] {
        try file.stream { buffer, flush in
            try pieces(of: artifact) { piece throws in
                buffer.append(contentsOf: piece.utf8)
                try flush(&buffer)
            }
        }
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
    /// Written after the longest path when the run has one, on its thread: what the format
    /// holds while it is made is then not added to the longest path's peak (the HTML report's
    /// data beside the workbook's last parts: 371 MiB at 100k, over 5× the input).
    case afterLongestPath
}

/// The 突合表 of one mapping, with what every table format is made from (all made by the
/// Match stage; the formats only lay them out).
public struct TableArtifact: Sendable {
    public var table: CrossReferenceTable
    public var resolved: ResolvedMapping
    public var coverage: Coverage
    /// The 逆引き when several formats of the run show it; nil when at most one does, which
    /// then makes its own and frees it as soon as it is written.
    private let sharedReverse: ReverseHandoff?

    /// `reverseUsers` formats of the run will show the 逆引き: it is made once, by the first of
    /// them to ask, and freed as soon as the last has done with it (`withReverse`). With one
    /// (or none), the format makes its own.
    public init(table: CrossReferenceTable, resolved: ResolvedMapping, coverage: Coverage, reverseUsers: Int = 1) {
        self.table = table
        self.resolved = resolved
        self.coverage = coverage
        self.sharedReverse = reverseUsers > 1 ? ReverseHandoff(resolved, users: reverseUsers) : nil
    }

    /// Lends the 逆引き to `body`, once per format that shows it: each format calls this once,
    /// and makes from the view all it needs of it in `body` (the view may be freed after).
    public func withReverse<R>(_ body: (ReverseView) throws -> R) rethrows -> R {
        guard let sharedReverse else { return try body(ReverseView(resolved)) }
        return try sharedReverse.lend(body)
    }

    /// Whether the artifact holds a 逆引き now (made and not yet freed).
    var holdsReverse: Bool { sharedReverse?.isHeld ?? false }
}

/// The 逆引き shared by the formats of a run, made at the first use and freed after the last.
/// Made beside the 突合表 and held for the whole emission it stayed resident through the
/// workbook's shared-string indexing and beside the HTML report's deflate (≈ 18 MiB of the
/// default build's peak at 100k items, BENCHMARKS.md "Default build memory").
final class ReverseHandoff: @unchecked Sendable {
    private let lock = NSLock()
    private let resolved: ResolvedMapping
    private var made: ReverseView?
    /// Uses left; the view is dropped when it reaches 0.
    private var users: Int

    init(_ resolved: ResolvedMapping, users: Int) {
        self.resolved = resolved
        self.users = users
    }

    var isHeld: Bool { lock.withLock { made != nil } }

    func lend<R>(_ body: (ReverseView) throws -> R) rethrows -> R {
        // A second user waits while the first makes it (made once).
        var view: ReverseView? = lock.withLock {
            if made == nil { made = ReverseView(resolved) }
            return made
        }
        defer {
            view = nil
            lock.withLock {
                users -= 1
                if users <= 0 { made = nil }
            }
        }
        return try body(view!)
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
