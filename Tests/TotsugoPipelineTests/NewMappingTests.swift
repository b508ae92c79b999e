import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// Issue 15, `new-mapping`: a skeleton listing every source item (the 突合表's rows) in catalog
/// order as `status: todo` entries, which validates and which `check` counts as unreviewed;
/// never replacing a file unless forced; unknown catalogs and unsafe ids refused.
final class NewMappingTests: XCTestCase {
    static let skeleton = """
        # Mapping skeleton written by `totsugo new-mapping` (docs/mapping-yaml.md).
        # Every item of 'industry' is listed below in catalog order, marked 'status: todo':
        # not reviewed yet (check counts it as unreviewed; the 突合表 shows （未突合）).
        # To review an item: delete its 'status: todo' line and list its links under 'targets:',
        # one line each (- target:item-id), or write 'targets: []' for
        # reviewed: no counterpart anywhere.
        mapping:
          id: "ind-new"
          source: "industry"
          targets: ["target", "second"]
          status: draft
          # Links that name no relationship take it from here (or from their entry's
          # 'relationship:'); uncomment and choose:
          # defaults:
          #   relationship: intersects-with
          #   rationale: semantic
        entries:
          - item: "1"  # 1.はじめに
            status: todo
          # 2.対策
          - item: "2/(1)"  # (1)守るべき情報
            status: todo
          - item: "2/(2)"  # (2)基本原則
            status: todo
          - item: "2/(3)"  # (3)未確認の項目
            status: todo

        """

    func newMapping(_ folder: String, source: String = "industry", targets: [String] = ["target", "SECOND"], id: String = "ind-new",
                    force: Bool = false, log: DiagnosticLog = DiagnosticLog()) -> CommandFailure? {
        failure { () throws(CommandFailure) in
            try Pipeline.newMapping(NewMappingRequest(source: source, targets: targets, id: id, catalogs: folder + "/Catalogs",
                                                      out: folder + "/New/ind-new.yaml", force: force), diagnostics: log)
        }
    }

    func check(_ folder: String, mappings: String) throws -> CheckReport {
        let out = folder + "/report.txt"
        let request = Pipeline.CheckRequest(catalogs: folder + "/Catalogs", mappings: mappings,
                                            config: TestPaths.fixture("check/no-thresholds.yaml"),
                                            format: OutputFormats.check.format(named: "text")!, destination: .file(out))
        return try Pipeline.check(request, diagnostics: DiagnosticLog()).report
    }

    func testSkeletonListsEveryRowItemUnreviewedAndValidates() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        XCTAssertNil(newMapping(folder, log: log), log.text)
        XCTAssertEqual(text(at: folder + "/New/ind-new.yaml"), Self.skeleton)

        let workspace = try Pipeline.validate([folder + "/Catalogs", folder + "/New"], fallbackCatalogs: folder + "/Catalogs",
                                              diagnostics: DiagnosticLog())
        let mapping = try XCTUnwrap(workspace.resolved.first { $0.mapping.id == "ind-new" })
        XCTAssertEqual(mapping.mapping.entries.count, 0, "a skeleton entry must not count as reviewed")
        XCTAssertEqual(mapping.mapping.unreviewed.map(\.item), ["1", "2/(1)", "2/(2)", "2/(3)"])
        XCTAssertEqual(mapping.rowItemIDs, ["1", "2/(1)", "2/(2)", "2/(3)"])

        let report = try check(folder, mappings: folder + "/New")
        XCTAssertEqual(report.mappings.map(\.unreviewed), [["1", "2/(1)", "2/(2)", "2/(3)"]])
        XCTAssertEqual(report.mappings.first?.scope.reviewed, 0)
    }

    func testFillingTheSkeletonWithOneLineLinksAndDefaults() throws {
        let folder = try fixtureWorkspace()
        XCTAssertNil(newMapping(folder))
        let path = folder + "/New/ind-new.yaml"
        let filled = text(at: path)
            .replacingOccurrences(of: "  # defaults:\n  #   relationship: intersects-with\n", with: "  defaults:\n    relationship: intersects-with\n")
            .replacingOccurrences(of: "- item: \"1\"  # 1.はじめに\n    status: todo", with: "- item: \"1\"\n    targets: []")
            .replacingOccurrences(of: "- item: \"2/(1)\"  # (1)守るべき情報\n    status: todo",
                                  with: "- item: \"2/(1)\"\n    targets:\n      - target:3/1\n      - ref: second:25\n        relationship: equal")
        try Data(filled.utf8).write(to: URL(fileURLWithPath: path))
        let workspace = try Pipeline.validate([folder + "/Catalogs", folder + "/New"], fallbackCatalogs: folder + "/Catalogs",
                                              diagnostics: DiagnosticLog())
        let mapping = try XCTUnwrap(workspace.resolved.first { $0.mapping.id == "ind-new" }).mapping
        XCTAssertEqual(mapping.entries.map(\.item), ["1", "2/(1)"])
        XCTAssertEqual(mapping.entries[1].links.map { "\($0.target) \($0.relationship.rawValue)" },
                       ["target:3/1 intersects-with", "second:25 equal"])
        XCTAssertEqual(mapping.unreviewed.map(\.item), ["2/(2)", "2/(3)"])
        XCTAssertEqual(try check(folder, mappings: folder + "/New").mappings.first?.unreviewed, ["2/(2)", "2/(3)"])
    }

    func testRefusesToReplaceAFileUnlessForced() throws {
        let folder = try fixtureWorkspace()
        let path = folder + "/New/ind-new.yaml"
        try FileManager.default.createDirectory(atPath: folder + "/New", withIntermediateDirectories: true)
        try Data("reviewed work\n".utf8).write(to: URL(fileURLWithPath: path))
        guard case .cannotWrite(let message) = newMapping(folder) else { return XCTFail("not refused") }
        XCTAssertTrue(message.contains("already exists; new-mapping does not replace it (pass --force"), message)
        XCTAssertEqual(text(at: path), "reviewed work\n")
        XCTAssertNil(newMapping(folder, force: true))
        XCTAssertEqual(text(at: path), Self.skeleton)
    }

    func testUnknownCatalogsAndUnsafeIdsAreRefusedAndNothingIsWritten() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        XCTAssertEqual(newMapping(folder, source: "industri", targets: ["target", "nope", "TARGET"], log: log), .badInput)
        XCTAssertEqual(log.lines, [
            "\(folder)/Catalogs:1:1: error: source catalog 'industri' is not among the catalogs in \(folder)/Catalogs; did you mean 'industry'?",
            "\(folder)/Catalogs:1:1: error: target catalog 'TARGET' (read as 'target') is given twice in --target",
            "\(folder)/Catalogs:1:1: error: target catalog 'nope' is not among the catalogs in \(folder)/Catalogs",
        ])
        let idLog = DiagnosticLog()
        XCTAssertEqual(newMapping(folder, id: "../x", log: idLog), .badInput)
        XCTAssertEqual(idLog.lines.count, 1)
        XCTAssertTrue(idLog.text.contains("mapping id '../x' cannot name output files"), idLog.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/New"))
    }

    func testTodoEntriesAreCheckedAgainstTheSourceCatalog() throws {
        let folder = try fixtureWorkspace()
        try FileManager.default.createDirectory(atPath: folder + "/New", withIntermediateDirectories: true)
        try Data("""
            mapping: {id: todo, source: industry, targets: [target]}
            entries:
              - item: "9"
                status: todo
              - item: "1"
                status: todo
              - item: "1"
                targets: []
              - item: 2/(1)
                status: todo
              - item: 2/(1)
                status: todo

            """.utf8).write(to: URL(fileURLWithPath: folder + "/New/todo.yaml"))
        let log = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in
            try Pipeline.validate([folder + "/Catalogs", folder + "/New"], fallbackCatalogs: folder + "/Catalogs", diagnostics: log)
        }, .badInput)
        let file = folder + "/New/todo.yaml"
        XCTAssertEqual(log.lines.count, 3, log.text)
        XCTAssertTrue(log.lines[0].hasPrefix("\(file):3:11: error: unknown item '9'"), log.text)
        XCTAssertEqual(log.lines[1], "\(file):5:11: error: item '1' is marked 'status: todo' here but has a reviewed entry at \(file):7:11; remove this todo entry")
        XCTAssertEqual(log.lines[2], "\(file):11:11: error: second entry for item '2/(1)' (first at \(file):9:11)")
    }
}
