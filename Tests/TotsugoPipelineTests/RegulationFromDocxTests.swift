import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// The whole path of issue 16 as an association takes it: import its regulation document
/// (.docx, here the Word-style fixture in our own words) as the base catalog, map an industry
/// guideline onto it, and write the sample regulation: the document's own provisions in order,
/// the industry items as Word comments, the 反映案 as tracked insertions.
final class RegulationFromDocxTests: XCTestCase {
    func testImportedProvisionsReachTheRegulation() throws {
        let workspace = TestPaths.temporaryFolder()
        let catalogs = workspace + "/Catalogs", mappings = workspace + "/Mappings", out = workspace + "/Output"
        for folder in [catalogs, mappings] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }

        let here = SourceLocation(file: "command line")
        var overrides = ImportRecipe()
        overrides.id = .init("docx-base", at: here)
        overrides.title = .init("テスト規程", at: here)
        overrides.publisher = .init("テスト社", at: here)
        overrides.version = .init("1", at: here)
        let log = DiagnosticLog()
        let imported = failure { () throws(CommandFailure) in
            try Pipeline.importCatalog(Pipeline.ImportCatalogRequest(source: TestPaths.fixture("docx/regulation-word.docx"), overrides: overrides,
                                                                     destination: .file(catalogs + "/docx-base.txt"), date: "2026-11-30"),
                                       diagnostics: log)
        }
        XCTAssertNil(imported, log.text)

        try """
        ---
        id: docx-industry
        title: テスト業界ガイドライン
        short-title: テスト業界
        publisher: テスト業界団体
        version: 1.0版
        completeness: テスト用（実在のガイドラインではない）
        ---

        # 1 | 体制を決める
        @level: LV1

        # 2 | 年に一度見直す
        @level: LV2

        # 3 | 取引先との接続を管理する
        @level: LV1
        """.write(toFile: catalogs + "/docx-industry.txt", atomically: true, encoding: .utf8)
        try """
        mapping:
          id: docx
          title: テスト業界 × テスト規程
          source: docx-industry
          targets: [docx-base]
          status: draft
        entries:
          - item: "1"
            targets:
              - ref: docx-base:2.1
                relationship: equal
          - item: "2"
            targets:
              - ref: docx-base:2.2
                relationship: intersects-with
            proposal: 見直しの結果は経営者に報告し、記録を三年間保存する。
          - item: "3"
            targets: []
            proposal: 取引先との接続を一覧にし、年に一度見直す。
            placement: docx-base:2.1
        """.write(toFile: mappings + "/docx.yaml", atomically: true, encoding: .utf8)

        let request = RegulationRequest(catalogs: catalogs, mappings: mappings, out: out,
                                        formats: ["docx", "md"].compactMap { OutputFormats.regulation.format(named: $0) },
                                        variants: [RegulationOptions(baseCatalog: "docx-base")])
        let regulationLog = DiagnosticLog()
        XCTAssertNil(failure { () throws(CommandFailure) in try Pipeline.regulation(request, diagnostics: regulationLog) }, regulationLog.text)

        let md = try String(contentsOfFile: out + "/docx.regulation.md", encoding: .utf8)
        // The document's own provisions, in order, with its table and the placeholder marked.
        let body = try XCTUnwrap(md.range(of: "情報セキュリティのための体制と、各役職の役割は次の表のとおりとする。"))
        let table = try XCTUnwrap(md.range(of: "情報セキュリティ責任者"))
        XCTAssertLessThan(body.lowerBound, table.lowerBound)
        XCTAssertTrue(md.contains("<mark>○</mark>月"), "placeholders are marked")
        XCTAssertTrue(md.contains("社内で作成した文書及び電子データ"), "bullets of 1.2 kept")
        XCTAssertTrue(md.contains("見直しの結果は経営者に報告し、記録を三年間保存する。"))
        XCTAssertTrue(md.contains("〔テスト業界 1 (LV1)〕"), md)

        let docx = try WordParts(path: out + "/docx.regulation.docx")
        let document = try XCTUnwrap(docx.parts["word/document.xml"])
        let comments = try XCTUnwrap(docx.parts["word/comments.xml"], "industry items as Word comments")
        XCTAssertTrue(comments.contains("〔テスト業界 1 (LV1)〕"), comments)
        XCTAssertTrue(document.contains("<w:commentReference"))
        XCTAssertTrue(document.contains("<w:ins "), "反映案 as tracked insertions")
        XCTAssertTrue(document.contains("見直しの結果は経営者に報告し、記録を三年間保存する。"))
        XCTAssertTrue(document.contains("<w:tbl>"), "the role table as a real table")
        XCTAssertTrue(document.contains("<w:highlight w:val=\"yellow\"/>"), "placeholders highlighted")
    }
}

/// The text parts of a .docx, read with the system `unzip` (an independent reader).
struct WordParts {
    var parts: [String: String] = [:]
    init(path: String) throws {
        for name in ["word/document.xml", "word/comments.xml"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            process.arguments = ["-p", path, name]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 0 { parts[name] = String(decoding: data, as: UTF8.self) }
        }
    }
}
