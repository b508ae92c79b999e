import TotsugoCore
import XCTest

final class NormalizationTests: XCTestCase {
    func testGoldenCases() {
        XCTAssertEqual(Normalization.text("ｶﾞ"), "ガ")
        XCTAssertEqual(Normalization.text("ｶﾞ").unicodeScalars.count, 1, "must be composed, not カ + ゙")
        XCTAssertEqual(Normalization.text("ＩＴ"), "IT")
        XCTAssertEqual(Normalization.key("LV１"), "lv1")
        XCTAssertEqual(Normalization.key("ＬＶ１"), Normalization.key("LV1"))
        XCTAssertEqual(Normalization.key("No．４４"), "44")
        XCTAssertEqual(Normalization.key("No.44"), "44")
        XCTAssertEqual(Normalization.key("no44"), "44")
        XCTAssertEqual(Normalization.key("3/No.1/1.1"), "3/1/1.1")
        XCTAssertEqual(Normalization.key("note"), "note", "a word starting with 'no' is not a number prefix")
        XCTAssertEqual(Normalization.key(" ipa 3.1\u{3000}付録5 "), "ipa3.1付録5")
    }

    func testDashAndTildeFolding() {
        for dash in ["‐", "‑", "‒", "–", "—", "―", "−", "－", "﹣"] {
            XCTAssertEqual(Normalization.text("1\(dash)2"), "1-2", "dash U+\(String(dash.unicodeScalars.first!.value, radix: 16))")
        }
        for tilde in ["〜", "～", "∼"] {
            XCTAssertEqual(Normalization.text("1\(tilde)24"), "1~24")
        }
        XCTAssertEqual(Normalization.text("データ"), "データ", "the prolonged sound mark is a letter, not a dash")
    }

    func testDisplayKeepsPrintedForm() {
        XCTAssertEqual(Normalization.display("  ＩＴ機器利用 "), "ＩＴ機器利用")
        XCTAssertEqual(Normalization.display("が"), "が")  // か + combining dakuten → composed
    }

    func testBlockCollapsesBlankLinesAndTrims() {
        XCTAssertEqual(Normalization.block("\n  a  \n\n\n b\n\n"), "a\n\nb")
        XCTAssertEqual(Normalization.block("a\r\nb"), "a\nb")
        // One line (the fast path) as the line rule gives it.
        for (input, expected) in [("  abc  ", "abc"), ("   ", ""), ("", ""), ("\u{3000}全角\u{3000}", "全角"), ("a", "a"),
                                  ("\t情報 資産\u{00A0}", "情報 資産"), ("か\u{3099}", "が")] {
            XCTAssertEqual(Normalization.block(input), expected, input)
            XCTAssertEqual(Normalization.block(input + "\n"), expected, input)
        }
    }

    /// Property: normalising twice equals normalising once, for text, key and block, over
    /// random strings built from characters that exercise every rule.
    func testNormalisingTwiceEqualsOnce() {
        let pool = Array("ｶﾞﾊﾟｱｲＡＢａｂ１２３ＬＶlvNo.no．－‐—〜～ー・ 　\t\nがガぱ①㈱¨ﾞﾟ/:()（）")
        var generator = SplitMix64(seed: 0x70_75_73_75)
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 12)
            let sample = String((0..<length).map { _ in pool[Int(generator.next() % UInt64(pool.count))] })
            XCTAssertEqual(Normalization.text(Normalization.text(sample)), Normalization.text(sample), "text: \(sample.debugDescription)")
            XCTAssertEqual(Normalization.key(Normalization.key(sample)), Normalization.key(sample), "key: \(sample.debugDescription)")
            XCTAssertEqual(Normalization.block(Normalization.block(sample)), Normalization.block(sample), "block: \(sample.debugDescription)")
        }
    }

    func testLevelParsing() {
        XCTAssertEqual(Level(parsing: "LV1"), .lv1)
        XCTAssertEqual(Level(parsing: "Lv2"), .lv2)
        XCTAssertEqual(Level(parsing: "ＬＶ３"), .lv3)
        XCTAssertEqual(Level(parsing: "レベル1"), .lv1)
        XCTAssertNil(Level(parsing: "LV4"))
        XCTAssertNil(Level(parsing: "high"))
    }

    func testSuggestionFindsCloseIDsOnly() {
        XCTAssertEqual(Suggestion.nearest(to: "intersect-with", in: ["equal", "intersects-with", "subset-of"]), "intersects-with")
        XCTAssertNil(Suggestion.nearest(to: "zzzzzz", in: ["equal", "subset-of"]))
    }

    func testRelationshipParsingAcceptsOSCALSpelling() {
        XCTAssertEqual(Relationship(parsing: "equal-to"), .equal)
        XCTAssertEqual(Relationship(parsing: "Intersects_With"), .intersectsWith)
        XCTAssertNil(Relationship(parsing: "related"))
    }

    func testItemReferenceNormalisesBothParts() {
        let reference = ItemReference(parsing: "ＩＰＡ－付録5:No．４４")
        XCTAssertEqual(reference?.catalog, "ipa-付録5")
        XCTAssertEqual(reference?.item, "44")
        XCTAssertNil(ItemReference(parsing: ":1"))
    }
}

/// Deterministic pseudo-random numbers for property tests.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
