import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import XCTest

/// The prose of the shipped data that the outputs print (出典 sheet, HTML report, Markdown, the
/// sample regulation) speaks to association staff and companies: it names public sources and
/// says what is complete, paraphrased or assumed, but never how this project built the data
/// (its notes' file names, "seed", 当方, the tool's developers, format keys).
final class ShippedWordingTests: XCTestCase {
    /// Words about how the data was built, or file and key names a member cannot look up.
    static let buildWords = [
        "シード", "seed", "当方", "共有参照", "開発者", "totsugo", "カタログ", "heading-source",
        "placement", ".tsv", ".md", ".txt", "000_dc606ea1a7c04ab1", "002_bd465fe207520fc8",
    ]

    /// Every printed prose value of the shipped catalogs and mappings, with where it comes from.
    static func printedProse() -> [(place: String, text: String)] {
        let loaded = ShippedDataTests.loaded
        var out: [(String, String)] = []
        for catalog in loaded.catalogs {
            out.append(("\(catalog.id) completeness", catalog.completeness))
            out += catalog.provenance.map { ("\(catalog.id) source", $0) }
            out += catalog.properties.map { ("\(catalog.id) property", "\($0.name) = \($0.value)") }
            for item in catalog.allItems {
                if let text = item.text { out.append(("\(catalog.id):\(item.id) text", text)) }
                if let note = item.note { out.append(("\(catalog.id):\(item.id) note", note)) }
            }
        }
        for mapping in loaded.mappings {
            if let title = mapping.title { out.append(("\(mapping.id) title", title)) }
            for entry in mapping.entries {
                let place = "\(mapping.id) \(entry.item)"
                if let note = entry.note { out.append(("\(place) note", note)) }
                if let proposal = entry.proposal { out.append(("\(place) proposal", proposal)) }
                out += entry.links.compactMap { link in link.note.map { ("\(place) → \(link.target) note", $0) } }
            }
        }
        return out
    }

    func testPrintedProseHasNoWordsAboutHowTheDataWasBuilt() {
        let prose = Self.printedProse()
        XCTAssertGreaterThan(prose.count, 500, "the shipped data's prose was not collected")
        for (place, text) in prose {
            for word in Self.buildWords where text.localizedCaseInsensitiveContains(word) {
                XCTAssertFalse(true, "\(place) says 「\(word)」: \(text)")
            }
        }
    }

    /// The report the item lists rest on is named so a member can find it, where it is cited.
    func testSourcesNameTheIPAReportAndTheTokyoSeminarDeck() throws {
        let report = "IPA の業界セキュリティガイドライン等策定支援業務の実施報告書"
        let sources = { (id: String) in
            ShippedDataTests.loaded.catalogs.first { $0.id == id }.map { $0.provenance.joined(separator: "\n") } ?? ""
        }
        XCTAssertTrue(sources("nikkenren-2023").contains("\(report)の表3"))
        XCTAssertTrue(sources("jama-japia-2.3").contains(report))
        XCTAssertTrue(sources("ipa-3.1-appendix5").contains("\(report)の図7【様式2】"))
        XCTAssertTrue(sources("iso27002-2022").contains(
            "東京都「令和7年度 中小企業サイバーセキュリティ対策 実践力強化プログラム」のセミナー資料"))
        let appendix3 = try XCTUnwrap(ShippedDataTests.loaded.catalogs.first { $0.id == "ipa-3.1-appendix3" })
        XCTAssertTrue(appendix3.completeness.contains("IPA の文言ではない"), appendix3.completeness)
    }
}
