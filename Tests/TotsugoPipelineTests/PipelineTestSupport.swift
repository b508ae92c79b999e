import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// How a command ended: the `CommandFailure` it threw, nil if it returned.
func failure<T>(of command: () throws(CommandFailure) -> T) -> CommandFailure? {
    do throws(CommandFailure) {
        _ = try command()
        return nil
    } catch {
        return error
    }
}

extension DiagnosticLog {
    /// The diagnostics as the executable prints them to stderr: sorted by position, one line each.
    var lines: [String] {
        diagnostics.sorted {
            ($0.location.file, $0.location.line, $0.location.column, $0.message)
                < ($1.location.file, $1.location.line, $1.location.column, $1.message)
        }.map(\.description)
    }

    /// `lines` joined, as the stderr of the run (without the summary line).
    var text: String { lines.joined(separator: "\n") }
}

extension XCTestCase {
    /// A copy of the fixture workspace (Tests/Fixtures/workspace) in a temporary folder.
    func fixtureWorkspace() throws -> String {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("workspace/\(name)"), toPath: folder + "/" + name)
        }
        return folder
    }

    /// The files of `folder` by name.
    func contents(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return result
    }

    /// `build` of the workspace in `folder` into `folder/Output`.
    func build(_ folder: String, formats: [any OutputFormat<TableArtifact>] = OutputFormats.table.formats,
               limits: InputLimits = .default, diagnostics: DiagnosticLog) throws(CommandFailure) -> WrittenFiles {
        try Pipeline.build(BuildRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output",
                                        formats: formats, limits: limits), diagnostics: diagnostics)
    }

    /// `validate` of `folder/Catalogs` and `folder/Mappings`.
    func validate(_ folder: String, limits: InputLimits = .default, diagnostics: DiagnosticLog) throws(CommandFailure) -> Workspace {
        try Pipeline.validate([folder + "/Catalogs", folder + "/Mappings"], fallbackCatalogs: folder + "/Catalogs", limits: limits,
                              diagnostics: diagnostics)
    }
}

/// Reads a report file as text ("" when missing).
func text(at path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
}
