import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// The Lv.1 quick approach: the shipped threat catalog (ransomware), its mapping onto 付録5 and
/// ISO/IEC 27002 (Profiles/threats.yaml), and `regulation --profile ransomware`.
final class ThreatProfileTests: XCTestCase {
    private let root = TestPaths.root.path

    private func loadProfile() throws -> Workspace {
        try Workspace.load([root + "/Catalogs", root + "/Profiles"], diagnostics: DiagnosticLog())
    }

    func testShippedThreatCatalogStatesItsSourceAndCompleteness() throws {
        let workspace = try loadProfile()
        let threats = try XCTUnwrap(workspace.catalogs.first { $0.id == "threats" })
        XCTAssertEqual(threats.items.map(\.id), ["ransomware"], "ransomware first, and only")
        XCTAssertTrue(threats.completeness.contains("脅威は1件（ランサムウェア）のみ収録"))
        XCTAssertTrue(threats.completeness.contains("10件（組織的2・人的3・物理的1・技術的4）をすべて収録"))
        XCTAssertTrue(threats.provenance.joined().contains("実践力強化プログラム"))
        XCTAssertTrue(threats.provenance.joined().contains("言い換え（資料の文言ではない）。本文には、資料にない補足"))
        let ransomware = threats.items[0]
        XCTAssertEqual(ransomware.children.map(\.heading), ["組織的対策", "人的対策", "物理的対策", "技術的対策"])
        XCTAssertEqual(ransomware.children.map(\.children.count), [2, 3, 1, 4])
        XCTAssertTrue(ransomware.children.flatMap(\.children).allSatisfy { $0.headingSource == .paraphrased && $0.text != nil })
    }

    func testEveryMeasureReachesAppendix5AndISO27002() throws {
        let workspace = try loadProfile()
        let profile = try XCTUnwrap(workspace.resolved.first { $0.mapping.id == "threats" })
        XCTAssertEqual(profile.rowItemIDs.count, 10)
        for id in profile.rowItemIDs {
            let entry = try XCTUnwrap(profile.entries[id], id)
            XCTAssertTrue(entry.links.contains { $0.target.catalog == "ipa-3.1-appendix5" }, id)
            XCTAssertTrue(entry.links.contains { $0.target.catalog == "iso27002-2022" }, id)
        }
    }

    private func regulation(_ out: String, threat: String = "ransomware", profiles: String? = nil,
                            log: DiagnosticLog = DiagnosticLog()) throws(CommandFailure) -> RegulationResult {
        var request = RegulationRequest(catalogs: root + "/Catalogs", mappings: root + "/Mappings", out: out,
                                        formats: [OutputFormats.regulation.format(named: "md")!],
                                        variants: [RegulationOptions(date: "2026-11-30")])
        request.profile = threat
        request.profiles = profiles ?? root + "/Profiles"
        return try Pipeline.regulation(request, diagnostics: log)
    }

    /// Golden: the quick-approach regulation of the shipped 日建連 2023 mapping.
    func testQuickApproachRegulationGolden() throws {
        let out = TestPaths.temporaryFolder()
        let result = try regulation(out)
        XCTAssertEqual(result.written.map { ($0 as NSString).lastPathComponent }.sorted(),
                       ["jama-japia.regulation.ransomware.md", "nikkenren-2023.regulation.ransomware.md"])
        let md = try XCTUnwrap(FileManager.default.contents(atPath: out + "/nikkenren-2023.regulation.ransomware.md"))
        assertGolden(Array(md), "regulation/nikkenren-2023.regulation.ransomware.md")
    }

    func testOnlyTheReachedProvisionsAndTheUncoveredMeasuresFlagged() throws {
        let out = TestPaths.temporaryFolder()
        _ = try regulation(out)
        let text = try String(contentsOfFile: out + "/nikkenren-2023.regulation.ransomware.md", encoding: .utf8)
        let chapters = text.split(separator: "\n").filter { $0.hasPrefix("## ") && !$0.hasPrefix("## 目次") }.map(String.init)
        XCTAssertEqual(chapters, ["## 第1章 組織的対策", "## 第2章 人的対策", "## 第3章 情報資産管理", "## 第4章 アクセス制御及び認証",
                                  "## 第6章 ＩＴ機器利用", "## 第7章 ＩＴ基盤運用管理", "## 第10章 情報セキュリティインシデント対応及び事業継続管理"],
                       "物理的対策 (5), 開発 (8), 委託 (9), テレワーク (11) are not reached by the ransomware measures")
        XCTAssertTrue(text.contains("- **対策**: 10 件（うち、当たる規程の節に業界の項目が一つも対応していない対策 9 件）"))
        XCTAssertEqual(text.components(separatedBy: "【業界の項目なし】").count - 1, 9)
        XCTAssertTrue(text.contains("※ 物理的対策 バックアップを正しく運用する → 規程 3.情報資産管理（ISO/IEC 27002 5.30"))
        for english in ["intersects-with", "subset-of", "equal", "ransomware/"] { XCTAssertFalse(text.contains(english), english) }
        // 自工会/部工会 covers every measure.
        let jama = try String(contentsOfFile: out + "/jama-japia.regulation.ransomware.md", encoding: .utf8)
        XCTAssertTrue(jama.contains("- **対策**: 10 件（うち、当たる規程の節に業界の項目が一つも対応していない対策 0 件）"))
        XCTAssertFalse(jama.contains("【業界の項目なし】"))
    }

    func testUnknownThreatAndMissingProfiles() throws {
        let log = DiagnosticLog()
        XCTAssertEqual(failure { () throws(CommandFailure) in try regulation(TestPaths.temporaryFolder(), threat: "ransomwear", log: log) }, .badInput)
        XCTAssertTrue(log.text.contains("--profile:1:1: error: no threat 'ransomwear' in the threat catalog 'threats' (threats: ransomware); did you mean 'ransomware'?"), log.text)
        let missing = DiagnosticLog()
        let empty = TestPaths.temporaryFolder()
        try FileManager.default.createDirectory(atPath: empty + "/p", withIntermediateDirectories: true)
        XCTAssertEqual(failure { () throws(CommandFailure) in try regulation(TestPaths.temporaryFolder(), profiles: empty + "/p", log: missing) }, .missingInput)
        XCTAssertTrue(missing.text.contains("no threat profile mapping onto ipa-3.1-appendix5"), missing.text)
    }
}
