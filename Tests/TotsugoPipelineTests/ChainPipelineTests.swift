import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// `build --chain` and `promote` on the chain fixture (業界C → 規程H → 管理策Z) and on the shipped
/// industry → 付録5 → ISO/IEC 27002 data.
final class ChainPipelineTests: XCTestCase {
    private let chain = "trade-hub+hub-controls"

    private func fixtureCopy() throws -> String {
        let folder = TestPaths.temporaryFolder()
        for name in ["Catalogs", "Mappings"] {
            try FileManager.default.copyItem(atPath: TestPaths.fixture("chains/\(name)"), toPath: folder + "/" + name)
        }
        return folder
    }

    private func buildChain(_ folder: String, chains: [String], formats: String = "md", log: DiagnosticLog) throws(CommandFailure) -> WrittenFiles {
        try Pipeline.build(BuildRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output",
                                        formats: try! OutputFormats.table.parse(formats), chains: chains), diagnostics: log)
    }

    private func chainTable(_ folder: String) throws -> ChainTable {
        let workspace = try Workspace.load([folder + "/Catalogs", folder + "/Mappings"], diagnostics: DiagnosticLog())
        let composed = try MappingChain(chain, mappings: workspace.resolved)
        return ChainTable(composed, direct: workspace.resolved.filter { $0.mapping.id == "trade-controls" })
    }

    func testComposedTableGolden() throws {
        let folder = try fixtureCopy()
        let log = DiagnosticLog()
        let written = try buildChain(folder, chains: [chain], formats: "md,csv", log: log)
        XCTAssertEqual(log.errors, [])
        XCTAssertTrue(written.paths.contains(folder + "/Output/\(chain).md"), "\(written.paths)")
        let md = try XCTUnwrap(FileManager.default.contents(atPath: folder + "/Output/\(chain).md"))
        assertGolden(Array(md), "chains/\(chain).md")
        let csv = try XCTUnwrap(FileManager.default.contents(atPath: folder + "/Output/\(chain).csv"))
        assertGolden(Array(csv), "chains/\(chain).csv")
    }

    func testDerivedLinksKeepTheirPathStrengthAndStayApartFromReviewedOnes() throws {
        let table = try chainTable(try fixtureCopy())
        XCTAssertEqual(table.table.rows.map(\.itemID), ["z1.1", "z1.2", "z2.1", "z2.2"], "one row per control, the themes only as columns")
        let titles = table.table.groups.map(\.title)
        XCTAssertEqual(titles, ["管理策Zの項目", "派生: 業界C（規程H 経由・未レビュー）", "直接の突合: 業界C（レビュー済み）", "注記"])
        // Z1.2: A1 ⊂ H1 ⊃ Z1.2 (possibly apart), A2 through two paths, A3 = H2 ∩ Z1.2 (certain).
        let z12 = table.table.rows[1].cells.map(\.text)
        XCTAssertEqual(z12[2], "A1.台帳をつくる\nA2.持出しを記録する\nA3.鍵をかける")
        XCTAssertEqual(z12[4], "一部重複の可能性（強度 5/10）\n一部重複の可能性（強度 5/10）\n一部重複（強度 3/10）")
        XCTAssertEqual(z12[5].split(separator: "\n")[1], "規程H H1.資産の管理〔一部に相当 → 包含〕／規程H H2.物理的な管理〔一部重複 → 一部重複〕",
                       "both paths of A2 are kept")
        // Z2.1: the derived A3 (equal ∘ equivalent-to) and the reviewed direct A3 side by side.
        let z21 = table.table.rows[2].cells.map(\.text)
        XCTAssertEqual(z21[4], "一部重複\n同趣旨", "equivalent-to has no strength: the weakest link's is unknown")
        XCTAssertEqual(z21[6], "A3.鍵をかける")
        XCTAssertEqual(z21[8], "同等（意味上・強度 9/10）")
        // Reached by nothing: #N/A in the derived and direct groups.
        XCTAssertEqual(table.table.rows[3].cells[2...8].map(\.kind), Array(repeating: .gap, count: 7))
        // The derived mapping is marked as such, never reviewed.
        XCTAssertEqual(table.resolved.mapping.status, "derived")
        XCTAssertEqual(RelationshipWords.status(table.resolved.mapping.status), "派生（未レビュー）")
    }

    func testSeveralPartialItemsAreSaidToMayCoverTogether() throws {
        let table = try chainTable(try fixtureCopy())
        XCTAssertEqual(table.table.rows[0].cells.last?.text,
                       "一部に相当する業界の項目が 2 件（A1.台帳をつくる・A2.持出しを記録する）: 合わせてこの項目の全体を満たす可能性がある（要確認）")
        XCTAssertEqual(table.table.rows[1].cells.last?.text, "", "intersecting items are not said to cover together")
    }

    func testCoverageCountsTheFinalCatalogsItems() throws {
        let coverage = try chainTable(try fixtureCopy()).coverage
        XCTAssertEqual(coverage.lines.map(\.targetTitle), ["派生（規程H 経由）: 業界C", "直接の突合: 業界C", "いずれか"])
        XCTAssertEqual(coverage.lines.map(\.count.items), [4, 4, 4])
        XCTAssertEqual(coverage.lines.map(\.count.mapped), [3, 1, 3])
        XCTAssertEqual(coverage.lines.map(\.count.noCounterpart), [1, 3, 1])
        XCTAssertEqual(coverage.lines.map(\.count.fullyCovered), [1, 1, 1], "Z2.1 through equal ∘ equivalent-to, and directly")
    }

    /// The shipped chain: the 93 controls are the denominator; a control the industry items reach
    /// through 付録5 names them and the 付録5 item; the rest are #N/A.
    func testShippedIndustryThroughAppendix5OntoISO27002() throws {
        let root = TestPaths.root.path
        let workspace = try Workspace.load([root + "/Catalogs", root + "/Mappings"], diagnostics: DiagnosticLog())
        for name in ["jama-japia", "nikkenren-2023"] {
            let composed = try MappingChain("\(name)+ipa-appendix5-iso27002", mappings: workspace.resolved)
            let table = ChainTable(composed)
            XCTAssertEqual(table.table.rows.count, 93)
            XCTAssertEqual(table.coverage.lines.first?.count.items, 93)
            let gaps = table.table.rows.filter { $0.cells[2].kind == .gap }.count
            XCTAssertEqual(table.coverage.lines.first?.count.noCounterpart, gaps)
            XCTAssertGreaterThan(gaps, 0)
            XCTAssertFalse(table.table.rows.contains { row in row.cells.contains { cell in
                ["intersects-with", "subset-of", "superset-of", "equal", "equivalent-to"].contains { cell.text.contains($0) } } },
                "no English relationship terms in the table")
        }
        let jama = ChainTable(try MappingChain("jama-japia+ipa-appendix5-iso27002", mappings: workspace.resolved))
        let control52 = try XCTUnwrap(jama.table.rows.first { $0.itemID == "5.2" })
        XCTAssertTrue(control52.cells[2].text.hasPrefix("No.13 "), control52.cells[2].text)
        let path = control52.cells[control52.cells.count - 2].text
        XCTAssertTrue(path.hasPrefix("付録5 1.組織的対策/1.情報セキュリティのための組織〔一部重複 → 一部重複〕"), path)
        XCTAssertEqual(try XCTUnwrap(jama.table.rows.first { $0.itemID == "5.1" }).cells[2].kind, .gap)
    }

    func testBadChainsAreErrorsAndNothingIsWritten() throws {
        let folder = try fixtureCopy()
        for (spec, message) in [
            ("trade-hub", "a chain names two or more mapping ids joined with '+'"),
            ("trade-hub+nope", "chain 'trade-hub+nope': no mapping with id 'nope'"),
            ("hub-controls+trade-hub", "'trade-hub' maps from 'trade', which 'hub-controls' does not map onto"),
            ("trade-hub+hub-controls+trade-hub", "which 'hub-controls' does not map onto"),
        ] {
            let log = DiagnosticLog()
            XCTAssertEqual(failure { () throws(CommandFailure) in try buildChain(folder, chains: [spec], log: log) }, .badInput, spec)
            XCTAssertTrue(log.text.hasPrefix("--chain:1:1: error: "), log.text)
            XCTAssertTrue(log.text.contains(message), log.text)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Output/trade-hub.md"), "nothing written for \(spec)")
        }
    }

    func testPromoteCreatesAMappingThenAppendsAndTheTableShowsItAsDirect() throws {
        let folder = try fixtureCopy()
        try FileManager.default.removeItem(atPath: folder + "/Mappings/trade-controls.yaml")
        let into = folder + "/Mappings/trade-controls.yaml"
        func promote(_ item: String, _ target: String, log: DiagnosticLog = DiagnosticLog()) throws(CommandFailure) -> Promoted {
            try Pipeline.promote(PromoteRequest(chain: chain, item: item, target: target, into: into, catalogs: folder + "/Catalogs",
                                                mappings: folder + "/Mappings"), diagnostics: log)
        }
        let first = try promote("A1", "z1.1")
        XCTAssertTrue(first.created)
        let second = try promote("a2", "Z1.2")
        XCTAssertFalse(second.created)
        let text = try String(contentsOfFile: into, encoding: .utf8)
        XCTAssertTrue(text.contains("  id: \"trade-controls\"\n  title: \"業界C × 管理策Z\"\n  source: \"trade\"\n  targets: [\"controls\"]\n  status: draft\n"), text)
        XCTAssertTrue(text.contains("""
          - item: "A1"
            targets:
              - ref: "controls:Z1.1"
                relationship: subset-of
                strength: 7
                note: "trade-hub+hub-controls の派生（規程H H1.資産の管理〔一部に相当 → 一部に相当〕）から昇格。要レビュー。"
          - item: "A2"
        """), text)
        XCTAssertTrue(text.contains("から昇格（共通部分がない可能性あり）。要レビュー。"), "an uncertain link says so")
        // The table now shows the promoted links under 直接の突合, the derived ones still beside them.
        let table = try chainTable(folder)
        XCTAssertEqual(table.table.rows[0].cells[6].text, "A1.台帳をつくる")
        XCTAssertEqual(table.table.rows[0].cells[2].text, "A1.台帳をつくる\nA2.持出しを記録する")
        // Promoting again into an item that has an entry changes nothing and says how to add it.
        let before = try Data(contentsOf: URL(fileURLWithPath: into))
        let log = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in try promote("A1", "Z1.2", log: log) }, .badInput)
        XCTAssertTrue(log.text.contains("trade-controls.yaml:12:11: error: 'a1' already has an entry"), log.text)
        XCTAssertTrue(log.text.contains("{ref: \"controls:Z1.2\", relationship: intersects-with, strength: 5"), log.text)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: into)), before)
    }

    func testPromoteRefusesALinkTheChainDoesNotDerive() throws {
        let folder = try fixtureCopy()
        let log = DiagnosticLog()
        let request = PromoteRequest(chain: chain, item: "A4", target: "Z1.1", into: folder + "/Mappings/x.yaml",
                                     catalogs: folder + "/Catalogs", mappings: folder + "/Mappings")
        XCTAssertEqual(failure { () throws(CommandFailure) in try Pipeline.promote(request, diagnostics: log) }, .badInput)
        XCTAssertTrue(log.text.contains("derives no link from 'a4' to 'z1.1' (it reaches nothing from 'a4')"), log.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/Mappings/x.yaml"))
    }
}

/// `carry` in-process: the file written, its report, and that it validates against the shipped
/// catalogs (in this file to keep the branch's tests in the files named for it).
final class CarryPipelineTests: XCTestCase {
    private func copy(_ names: [String]) throws -> String {
        let folder = TestPaths.temporaryFolder()
        for name in names { try FileManager.default.copyItem(atPath: TestPaths.fixture("carry/\(name)"), toPath: folder + "/" + name) }
        return folder
    }
    private let old = TestPaths.root.appendingPathComponent("Catalogs/nikkenren-2019.txt").path
    private let new = TestPaths.root.appendingPathComponent("Catalogs/nikkenren-2023.txt").path

    func testCarriesTheShipped2019MappingAndTheResultValidates() throws {
        let folder = try copy(["nikkenren-2019.yaml"])
        let log = DiagnosticLog()
        let result = try Pipeline.carry(CarryRequest(old: old, new: new, mapping: folder + "/nikkenren-2019.yaml"), diagnostics: log)
        XCTAssertEqual(result.path, folder + "/nikkenren-2023.yaml")
        XCTAssertEqual(log.lines.map { $0.replacingOccurrences(of: folder + "/", with: "") }, [
            "nikkenren-2019.yaml:12:11: warning: entry '1' to re-review (status: todo): この項目は日建連 2023で本文が変わった",
            "nikkenren-2019.yaml:30:11: warning: entry dropped: item '添付' was removed in nikkenren-2023 (2023年2月改訂)",
            "nikkenren-2019.yaml:34:11: warning: entry dropped: item 'あとがき' was removed in nikkenren-2023 (2023年2月改訂)",
        ])
        let text = try String(contentsOfFile: result.path, encoding: .utf8)
        XCTAssertTrue(text.contains("# Dropped (removed in nikkenren-2023): 添付, あとがき.\n"), text)
        XCTAssertTrue(text.contains("""
          - item: "1"
            status: todo
            note: "【要再確認】この項目は日建連 2023で本文が変わった。 前書きのため対応なし。"
            # 改訂前の突合（確認のうえ戻す）:
            # targets: []
        """), text)
        XCTAssertTrue(text.contains("  status: \"not-complete\"\n"))
        // Against the shipped catalogs the carried mapping resolves: every id is a 2023 id.
        let scratch = TestPaths.temporaryFolder()
        try FileManager.default.copyItem(atPath: result.path, toPath: scratch + "/carried.yaml")
        let check = DiagnosticLog()
        let workspace = try Workspace.load([TestPaths.root.appendingPathComponent("Catalogs").path, scratch], diagnostics: check)
        XCTAssertEqual(check.errors, [])
        let resolved = try XCTUnwrap(workspace.resolved.first)
        XCTAssertEqual(resolved.mapping.unreviewed.map(\.item), ["1"], "back to 未確認: counted as unreviewed")
        XCTAssertEqual(resolved.mapping.entries.map(\.item), ["2", "3/3.1"])
        // The report of a diff is now empty for it: the work list is done by the carry.
        let stale = try Pipeline.diff(.init(old: old, new: new, mappings: scratch, format: OutputFormats.diff.format(named: "json")!,
                                            destination: .file(scratch + "/d.json")), diagnostics: DiagnosticLog())
        XCTAssertNotNil(stale.written)
        let json = try String(contentsOfFile: scratch + "/d.json", encoding: .utf8)
        XCTAssertFalse(json.contains("carried.yaml"), json)
    }

    func testRefusesAMappingAlreadyWrittenForTheNewVersionAndAnExistingFile() throws {
        let log = DiagnosticLog()
        let shipped = TestPaths.root.appendingPathComponent("Mappings/nikkenren-2023.yaml").path
        XCTAssertEqual(failure { () throws(CommandFailure) in try Pipeline.carry(CarryRequest(old: old, new: new, mapping: shipped), diagnostics: log) }, .badInput)
        XCTAssertTrue(log.text.contains("error: mapping 'nikkenren-2023' is already written for nikkenren-2023 (2023年2月改訂); nothing to carry"), log.text)

        let folder = try copy(["nikkenren-2019.yaml"])
        try "x".write(toFile: folder + "/nikkenren-2023.yaml", atomically: true, encoding: .utf8)
        let request = CarryRequest(old: old, new: new, mapping: folder + "/nikkenren-2019.yaml")
        guard case .cannotWrite(let message) = failure(of: { () throws(CommandFailure) in try Pipeline.carry(request, diagnostics: DiagnosticLog()) }) else {
            return XCTFail("expected cannotWrite")
        }
        XCTAssertTrue(message.contains("already exists; carry does not replace it"), message)
        XCTAssertEqual(try String(contentsOfFile: folder + "/nikkenren-2023.yaml", encoding: .utf8), "x")
        var forced = request
        forced.force = true
        XCTAssertNoThrow(try Pipeline.carry(forced, diagnostics: DiagnosticLog()))
    }
}
