import TotsugoCore
import TotsugoTable
import XCTest

final class CrossReferenceCellTests: XCTestCase {
    // MARK: - Rules and helpers

    /// JAMA/JAPIA items: `No.44`, `No44`, `№44`, `44`; numbered 1–153 in one sequence.
    private let jama = try! CrossReferenceRule(pattern: "[No][.]{n}", catalog: "jama-japia-2.3", expandsRanges: true)
    /// ISO/IEC 27001 Annex A controls: `A.5.1`, `A 7.14` → item `5.1`.
    private let annexA = try! CrossReferenceRule(pattern: "A[.]{n}.{n}", catalog: "iso27001-annex-a", item: "{n}.{n}")
    /// ISO/IEC 27001 management-system clauses: bare `4.1`, `9.3`.
    private let clauses = try! CrossReferenceRule(pattern: "{n}.{n}", catalog: "iso27001-clauses")
    private let iso27002 = try! CrossReferenceRule(pattern: "{n}.{n}", catalog: "iso27002-2022")

    private func parse(_ text: String, _ rules: [CrossReferenceRule]) -> CrossReferenceCell.Result {
        CrossReferenceCell.parse(text, rules: rules)
    }

    /// `catalog:item` of every token.
    private func ids(_ result: CrossReferenceCell.Result) -> [String] { result.tokens.map(\.target.description) }

    /// `message @offset 'written'` of every problem.
    private func problems(_ result: CrossReferenceCell.Result) -> [String] {
        result.problems.map { "@\($0.offset) '\($0.written)': \($0.message)" }
    }

    private func assertClean(_ result: CrossReferenceCell.Result, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(problems(result), [], file: file, line: line)
    }

    // MARK: - Real-world spellings

    func testNumberListWithOneLevelForAll() {
        let result = parse("No.98, 102 (LV2)", [jama])
        assertClean(result)
        XCTAssertEqual(ids(result), ["jama-japia-2.3:98", "jama-japia-2.3:102"])
        XCTAssertEqual(result.tokens.map(\.written), ["No.98", "102"])
        XCTAssertEqual(result.tokens.map(\.offset), [0, 7])
        XCTAssertEqual(result.tokens.map(\.level), ["LV2", "LV2"])
        XCTAssertEqual(result.tokens.map(\.target.writtenItem), ["No.98", "102"])
    }

    func testLevelInMixedCase() {
        let result = parse("No.117 (Lv1)", [jama])
        assertClean(result)
        XCTAssertEqual(ids(result), ["jama-japia-2.3:117"])
        XCTAssertEqual(result.tokens.first?.level, "Lv1")
        XCTAssertEqual(result.tokens.first?.note, nil)
    }

    func testFullWidthNumber() {
        let result = parse("No．４４", [jama])
        assertClean(result)
        XCTAssertEqual(ids(result), ["jama-japia-2.3:44"])
        XCTAssertEqual(result.tokens.first?.written, "No．４４")
        XCTAssertEqual(parse("Ｎｏ．１１７（ＬＶ１）", [jama]).tokens.map(\.level), ["ＬＶ１"])
        XCTAssertEqual(ids(parse("№４４", [jama])), ["jama-japia-2.3:44"])
        XCTAssertEqual(ids(parse("No44", [jama])), ["jama-japia-2.3:44"])
        // `[No.]` is literal: it accepts `No.44` and `44`, not `No44`.
        let strict = try! CrossReferenceRule(pattern: "[No.]{n}", catalog: "jama-japia-2.3")
        XCTAssertEqual(ids(parse("No.44, 45", [strict])), ["jama-japia-2.3:44", "jama-japia-2.3:45"])
        XCTAssertEqual(parse("No44", [strict]).problems.map(\.written), ["No44"])
    }

    func testAnnexAControlSpellings() {
        for cell in ["A.5.1", "a.5.1", "A5.1", "A 5.1", "Ａ．５．１", "A\u{00A0}5.1"] {
            let result = parse(cell, [annexA, clauses])
            assertClean(result)
            XCTAssertEqual(ids(result), ["iso27001-annex-a:5.1"], cell)
            XCTAssertEqual(result.tokens.first?.written, cell)
        }
        let spaced = parse("A 7.14", [annexA, clauses])
        assertClean(spaced)
        XCTAssertEqual(ids(spaced), ["iso27001-annex-a:7.14"])
    }

    func testPlainControlList() {
        let result = parse("5.1, 5.2", [iso27002])
        assertClean(result)
        XCTAssertEqual(ids(result), ["iso27002-2022:5.1", "iso27002-2022:5.2"])
        XCTAssertEqual(result.tokens.map(\.offset), [0, 5])
    }

    // MARK: - Separators and blanks

    func testEverySeparator() {
        let result = parse("No.1、No.2，No.3・No.4;No.5；No.6\nNo.7\r\nNo.8/No.9 ／ 10,11", [jama])
        assertClean(result)
        XCTAssertEqual(ids(result), (1...11).map { "jama-japia-2.3:\($0)" })
    }

    func testSlashStaysInsideAnIdAPatternHolds() {
        let ipa = try! CrossReferenceRule(pattern: "{n}/{n}/{n}.{n}", catalog: "ipa-3.1-appendix5")
        let result = parse("3/1/1.1, 3/2/1.2 / 3/2/1.3", [ipa])
        assertClean(result)
        XCTAssertEqual(ids(result), ["ipa-3.1-appendix5:3/1/1.1", "ipa-3.1-appendix5:3/2/1.2", "ipa-3.1-appendix5:3/2/1.3"])
        XCTAssertEqual(result.tokens.map(\.written), ["3/1/1.1", "3/2/1.2", "3/2/1.3"])
    }

    func testSlashSeparatesWhenNoRuleHoldsIt() {
        let result = parse("No.98/102", [jama])
        assertClean(result)
        XCTAssertEqual(ids(result), ["jama-japia-2.3:98", "jama-japia-2.3:102"])
        XCTAssertEqual(result.tokens.map(\.offset), [0, 6])
        XCTAssertEqual(parse("No.3, /", [jama]).problems.map { "\($0.offset) \($0.written)" }, ["6 /"])
    }

    func testABlankBetweenTwoDigitsSeparates() {
        let numbers = parse("No.98 102", [jama])
        assertClean(numbers)
        XCTAssertEqual(ids(numbers), ["jama-japia-2.3:98", "jama-japia-2.3:102"])
        let controls = parse("5.1 5.2\u{3000}5.3", [iso27002])
        assertClean(controls)
        XCTAssertEqual(ids(controls), ["iso27002-2022:5.1", "iso27002-2022:5.2", "iso27002-2022:5.3"])
        let annex = parse("A.5.1 A.5.2", [annexA])
        assertClean(annex)
        XCTAssertEqual(ids(annex), ["iso27001-annex-a:5.1", "iso27001-annex-a:5.2"])
        let blanks = parse("No. 98", [jama])
        assertClean(blanks)
        XCTAssertEqual(ids(blanks), ["jama-japia-2.3:98"])
    }

    func testWhitespaceNoise() {
        let cell = "\u{00A0}No.98\u{3000}、\u{00A0}102 \n\u{3000}"
        let result = parse(cell, [jama])
        assertClean(result)
        XCTAssertEqual(ids(result), ["jama-japia-2.3:98", "jama-japia-2.3:102"])
        XCTAssertEqual(result.tokens.map(\.written), ["No.98", "102"])
        XCTAssertEqual(result.tokens.map(\.offset), [1, 9])
        XCTAssertEqual(ids(parse(" , No.3 ,, ", [jama])), ["jama-japia-2.3:3"], "empty pieces between separators are nothing")
    }

    // MARK: - Empty and no counterpart

    func testEmptyCells() {
        for cell in ["", " ", "\u{3000}", "\u{00A0}\n", "\t\r\n"] {
            let result = parse(cell, [jama])
            XCTAssertEqual(result.content, .empty, cell.debugDescription)
            XCTAssertEqual(result.problems, [])
        }
    }

    func testNoCounterpartMarkers() {
        for cell in ["―", "-", "－", "なし", "該当なし", "#N/A", "N/A", "n/a", " ― ", "‐", "—", "--", "\u{3000}該当なし\u{3000}"] {
            let result = parse(cell, [jama])
            XCTAssertEqual(result.content, .noCounterpart(Normalization.display(cell)), cell)
            XCTAssertEqual(result.problems, [], cell)
        }
    }

    func testMarkerInsideAListIsAnError() {
        let result = parse("No.3, なし", [jama])
        XCTAssertEqual(ids(result), ["jama-japia-2.3:3"])
        XCTAssertEqual(result.problems.count, 1)
        XCTAssertEqual(result.problems.first?.written, "なし")
        XCTAssertEqual(result.problems.first?.offset, 6)
        XCTAssertTrue(result.problems.first?.message.contains("must be the whole cell") ?? false, problems(result).description)
        // The katakana prolonged sound mark is not a dash: an error, not "no counterpart".
        XCTAssertEqual(parse("ー", [jama]).problems.map(\.written), ["ー"])
    }

    // MARK: - Mixed catalogs and unmatched tokens

    func testMixedCatalogs() {
        let result = parse("A.5.1, A 8.2、4.1\n9.3", [annexA, clauses])
        assertClean(result)
        XCTAssertEqual(ids(result), ["iso27001-annex-a:5.1", "iso27001-annex-a:8.2", "iso27001-clauses:4.1", "iso27001-clauses:9.3"])
        XCTAssertEqual(result.tokens.map(\.rule), [0, 0, 1, 1])
    }

    func testFirstMatchingRuleWins() {
        let result = parse("5.1, A.5.1", [clauses, annexA])
        assertClean(result)
        XCTAssertEqual(ids(result), ["iso27001-clauses:5.1", "iso27001-annex-a:5.1"])
    }

    /// A clause number never resolves to the control of the same number when no rule says so.
    func testUnmatchedTokenIsAnErrorNotAControl() {
        let result = parse("A.5.1, 9.3", [annexA])
        XCTAssertEqual(ids(result), ["iso27001-annex-a:5.1"])
        XCTAssertEqual(problems(result), ["@7 '9.3': '9.3' matches no pattern of this column ('A[.]{n}.{n}')"])
    }

    func testUnmatchedTokensWithOffsets() {
        let result = parse("A.5.1, X9、 4.1, 別紙参照", [annexA, clauses])
        XCTAssertEqual(ids(result), ["iso27001-annex-a:5.1", "iso27001-clauses:4.1"])
        XCTAssertEqual(result.problems.map(\.written), ["X9", "別紙参照"])
        XCTAssertEqual(result.problems.map(\.offset), [7, 16])
        XCTAssertEqual(CrossReferenceCell.parse("No.1", rules: []).problems.map(\.message),
                       ["'No.1' cannot be read: the recipe gives no pattern for this column"])
    }

    func testTwoIdsRunTogetherAreOneUnmatchedToken() {
        // No silent split of `A 7.14 A 7.15` into wrong pieces: the whole is reported.
        let result = parse("A 7.14 A 7.15", [clauses])
        XCTAssertEqual(ids(result), [])
        XCTAssertEqual(result.problems.map(\.written), ["A 7.14 A 7.15"])
    }

    // MARK: - Ranges

    func testFlatRangesExpand() {
        for cell in ["No.3〜5", "3-5", "3～5", "No.3~No.5", "No.3 〜 5", "3－5", "3∼5"] {
            let result = parse(cell, [jama])
            assertClean(result)
            XCTAssertEqual(ids(result), ["jama-japia-2.3:3", "jama-japia-2.3:4", "jama-japia-2.3:5"], cell)
            XCTAssertEqual(result.tokens.map(\.written), [cell, cell, cell])
            XCTAssertEqual(result.tokens.map(\.fromRange), [true, true, true])
        }
        let padded = try! CrossReferenceRule(pattern: "{n}", catalog: "c", expandsRanges: true)
        XCTAssertEqual(ids(parse("08〜10", [padded])), ["c:08", "c:09", "c:10"])
    }

    func testRangeOfDottedIdsIsAnErrorUnlessDeclaredFlat() {
        let result = parse("A.5.1〜A.5.3", [annexA])
        XCTAssertEqual(ids(result), [])
        XCTAssertEqual(result.problems.map(\.written), ["A.5.1〜A.5.3"])
        XCTAssertTrue(result.problems[0].message.contains("cannot be expanded"), result.problems[0].message)

        let flat = try! CrossReferenceRule(pattern: "A[.]{n}.{n}", catalog: "iso27001-annex-a", item: "{n}.{n}", expandsRanges: true)
        XCTAssertEqual(ids(parse("A.5.8〜A.5.10", [flat])), ["iso27001-annex-a:5.8", "iso27001-annex-a:5.9", "iso27001-annex-a:5.10"])
        let across = parse("A.5.37〜A.6.2", [flat])
        XCTAssertEqual(ids(across), [])
        XCTAssertTrue(across.problems[0].message.contains("differ before the last number"), across.problems[0].message)
    }

    func testRangeNotDeclaredFlatIsAnError() {
        let rule = try! CrossReferenceRule(pattern: "[No.]{n}", catalog: "jama-japia-2.3")
        let result = parse("No.1, No.3〜5", [rule])
        XCTAssertEqual(ids(result), ["jama-japia-2.3:1"])
        XCTAssertEqual(result.problems.map(\.written), ["No.3〜5"])
        XCTAssertEqual(result.problems.map(\.offset), [6])
        XCTAssertTrue(result.problems[0].message.hasPrefix("range 'No.3〜5' cannot be expanded"), result.problems[0].message)
    }

    func testBadRanges() {
        XCTAssertTrue(parse("5〜3", [jama]).problems[0].message.contains("runs backwards"))
        XCTAssertTrue(parse("1〜5000", [jama]).problems[0].message.contains("at most 1000"))
        XCTAssertTrue(parse("1〜99999999999999999999999", [jama]).problems[0].message.contains("too large"))
        let mixed = parse("A.5.1〜5.3", [annexA, clauses])
        XCTAssertEqual(ids(mixed), [])
        XCTAssertTrue(mixed.problems[0].message.contains("different shapes"), mixed.problems[0].message)
        XCTAssertEqual(parse("3-5", [annexA, clauses]).problems.map(\.written), ["3-5"])
        let twoWays = try! CrossReferenceRule(pattern: "{n}[-]{n}", catalog: "c", expandsRanges: true)
        XCTAssertEqual(parse("12-34-56", [twoWays]).problems.map(\.message),
                       ["range '12-34-56' can be split in more than one way; write its ends with '〜'"])
    }

    func testHyphenInsideAnIdIsNotARange() {
        let nist = try! CrossReferenceRule(pattern: "AC-{n}", catalog: "sp800-53", expandsRanges: true)
        XCTAssertEqual(ids(parse("AC-2, ac－3", [nist])), ["sp800-53:ac-2", "sp800-53:ac-3"])
        XCTAssertEqual(ids(parse("AC-2〜AC-4", [nist])), ["sp800-53:ac-2", "sp800-53:ac-3", "sp800-53:ac-4"])
        XCTAssertEqual(ids(parse("AC-2-AC-3", [nist])), ["sp800-53:ac-2", "sp800-53:ac-3"])
    }

    // MARK: - Annotations

    func testLevelsApplyBackToThePreviousAnnotation() {
        let result = parse("No.44 (LV1), No.103, No.104 (LV2), No.5", [jama])
        assertClean(result)
        XCTAssertEqual(ids(result), ["jama-japia-2.3:44", "jama-japia-2.3:103", "jama-japia-2.3:104", "jama-japia-2.3:5"])
        XCTAssertEqual(result.tokens.map(\.level), ["LV1", "LV2", "LV2", nil])
    }

    func testLevelSpellingsAndNotes() {
        XCTAssertEqual(parse("No.44（Lv.1）", [jama]).tokens.map(\.level), ["Lv.1"])
        XCTAssertEqual(parse("No.44(レベル2)", [jama]).tokens.map(\.level), ["レベル2"])
        XCTAssertEqual(parse("No.44 (★3)", [jama]).tokens.map(\.level), ["★3"])
        let noted = parse("No.44 (LV1)（参考）, No.45 (一部、手順のみ)", [jama])
        assertClean(noted)
        XCTAssertEqual(noted.tokens.map(\.level), ["LV1", nil])
        XCTAssertEqual(noted.tokens.map(\.note), ["参考", "一部、手順のみ"])
        XCTAssertEqual(parse("No.3〜4 (LV2)", [jama]).tokens.map(\.level), ["LV2", "LV2"])
        XCTAssertEqual(parse("No.3 ()", [jama]).problems, [])
    }

    func testAnnotationProblems() {
        let leading = parse("(LV1) No.3", [jama])
        XCTAssertEqual(ids(leading), ["jama-japia-2.3:3"])
        XCTAssertEqual(leading.tokens.map(\.level), [nil])
        XCTAssertEqual(leading.problems.map(\.written), ["(LV1)"])
        XCTAssertEqual(leading.problems.map(\.offset), [0])

        let twice = parse("No.3 (LV1)(LV2)", [jama])
        XCTAssertEqual(twice.problems.map(\.message), ["'No.3' has two levels: 'LV1' and 'LV2'"])

        let unclosed = parse("No.3 (LV1　", [jama])
        XCTAssertEqual(ids(unclosed), ["jama-japia-2.3:3"])
        XCTAssertEqual(unclosed.problems.map(\.written), ["(LV1"])
        XCTAssertEqual(unclosed.problems.map(\.offset), [5])
    }

    // MARK: - Positions

    func testLineAndColumnInAMultiLineCell() {
        let cell = "No.1\nNo.2, X"
        let result = parse(cell, [jama])
        XCTAssertEqual(result.problems.map(\.offset), [11])
        let position = CrossReferenceCell.lineAndColumn(ofOffset: 11, in: cell)
        XCTAssertEqual(position.line, 1)
        XCTAssertEqual(position.column, 7)
        let crlf = CrossReferenceCell.lineAndColumn(ofOffset: 5, in: "No.1\r\nNo.2")
        XCTAssertEqual(crlf.line, 1)
        XCTAssertEqual(crlf.column, 1)
    }

    // MARK: - Rules

    func testItemTemplates() {
        let add = try! CrossReferenceRule(pattern: "{n}.{n}", catalog: "ISO27001-Annex-A", item: "A.{n}.{n}")
        XCTAssertEqual(add.catalog, "iso27001-annex-a")
        XCTAssertEqual(ids(parse("5.1", [add])), ["iso27001-annex-a:a.5.1"])
        XCTAssertEqual(annexA.item, "{n}.{n}")
        XCTAssertEqual(jama.item, "{n}")
        XCTAssertEqual(clauses.item, "{n}.{n}")
        let keep = try! CrossReferenceRule(pattern: "付録3[No.]{n}", catalog: "ipa-3.1-appendix3", item: "{n}")
        XCTAssertEqual(ids(parse("付録３ No.25", [keep])), ["ipa-3.1-appendix3:25"])
    }

    func testInvalidRules() {
        func message(_ pattern: String, catalog: String = "c", item: String? = nil) -> String {
            do {
                _ = try CrossReferenceRule(pattern: pattern, catalog: catalog, item: item)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message("{n}{n}"), "pattern '{n}{n}': two numbers '{n}{n}' must have something between them")
        XCTAssertEqual(message("A,{n}"), "pattern 'A,{n}': ',' separates tokens, ranges or notes in a cell; it cannot be in a pattern")
        XCTAssertEqual(message("{n}〜{n}"), "pattern '{n}〜{n}': '~' separates tokens, ranges or notes in a cell; it cannot be in a pattern")
        XCTAssertEqual(message("全般"), "pattern '全般': it has no number '{n}'")
        XCTAssertEqual(message("{x}"), "pattern '{x}': '{' starts a number only as '{n}'")
        XCTAssertEqual(message("[No.{n}"), "pattern '[No.{n}': '[' is not closed by ']'")
        XCTAssertEqual(message("[{n}]"), "pattern '[{n}]': '{' cannot be inside '[…]' (optional text is literal; no '{n}')")
        XCTAssertEqual(message("{n}.{n}", item: "{n}"), "item template '{n}' has 1 '{n}', but pattern '{n}.{n}' has 2")
        XCTAssertEqual(message("[]{n}"), "pattern '[]{n}': '[]' is empty")
        XCTAssertEqual(message("{n}", catalog: " "), "the target catalog of pattern '{n}' is empty")
    }

    // MARK: - Real id spellings (shared reference: ISO 27002:2022 controls, JAMA/JAPIA 2.3 items)

    func testRealIdSpellings() {
        let cases: [(cell: String, rules: [CrossReferenceRule], ids: [String], levels: [String?])] = [
            ("No.44 (LV1)", [jama], ["jama-japia-2.3:44"], ["LV1"]),
            ("No.103, No.104 (LV2)", [jama], ["jama-japia-2.3:103", "jama-japia-2.3:104"], ["LV2", "LV2"]),
            ("No.150 (LV1)、No.153 (LV2)", [jama], ["jama-japia-2.3:150", "jama-japia-2.3:153"], ["LV1", "LV2"]),
            ("No.148〜150", [jama], ["jama-japia-2.3:148", "jama-japia-2.3:149", "jama-japia-2.3:150"], [nil, nil, nil]),
            ("No.42（LV3）", [jama], ["jama-japia-2.3:42"], ["LV3"]),
            ("5.10, 5.37", [iso27002], ["iso27002-2022:5.10", "iso27002-2022:5.37"], [nil, nil]),
            ("６．８・７．１４", [iso27002], ["iso27002-2022:6.8", "iso27002-2022:7.14"], [nil, nil]),
            ("8.34\n8.1", [iso27002], ["iso27002-2022:8.34", "iso27002-2022:8.1"], [nil, nil]),
            ("A.8.34, 9.3", [annexA, clauses], ["iso27001-annex-a:8.34", "iso27001-clauses:9.3"], [nil, nil]),
        ]
        for c in cases {
            let result = parse(c.cell, c.rules)
            XCTAssertEqual(problems(result), [], c.cell)
            XCTAssertEqual(ids(result), c.ids, c.cell)
            XCTAssertEqual(result.tokens.map(\.level), c.levels, c.cell)
        }
    }
}
