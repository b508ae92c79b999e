import TestSupport
import TotsugoCore
import TotsugoIngest
import XCTest

/// The sample regulation inserts each 反映案 as provision text a company adopts (issue 16), so a
/// shipped proposal reads as a rule (「当社は、…を定める。」), never as an instruction to the
/// editor of the regulation (「10章に、…規定を追記する。」).
final class ShippedProposalWordingTests: XCTestCase {
    /// How an editor's instruction ends: the verbs of adding to or changing a document.
    static let instructionEndings = [
        "追記する", "追加する", "明記する", "反映する", "記載する", "注記する", "加える", "置く", "盛り込む",
        "書き加える", "改める", "修正する", "削除する", "見直す規定", "規定を設ける", "項目を設ける",
    ]

    /// A proposal that starts by saying where it goes (「10章に、」「付録5の1章に、」「3章1節に、」)
    /// addresses the editor; where it goes is the entry's placement (反映先).
    static func startsWithPlace(_ text: String) -> Bool {
        text.contains(/^(付録\d+の)?\d+章(\d+節)?(「[^」]*」)?(の[^、]*)?に、/) || text.hasPrefix("付録5「")
    }

    static func problem(_ proposal: String) -> String? {
        let sentence = proposal.trimmingCharacters(in: .whitespacesAndNewlines)
        var body = sentence.hasSuffix("。") ? String(sentence.dropLast()) : sentence
        // A closing aside (「…追記する（…との声）」) does not hide the instruction before it.
        if body.hasSuffix("）"), let open = body.lastIndex(of: "（") { body = String(body[..<open]) }
        if let ending = instructionEndings.first(where: { body.hasSuffix($0) }) { return "ends in the instruction 「\(ending)」" }
        if body.contains("規定を") && (body.hasSuffix("する") || body.hasSuffix("く")) && body.contains("章") {
            return "asks for a 規定 to be written"
        }
        if startsWithPlace(sentence) { return "starts with where it goes, as an instruction" }
        return nil
    }

    func testTheCheckCatchesInstructionsAndLetsRulesThrough() {
        XCTAssertNotNil(Self.problem("10章に、事故対応の訓練を定期的に行う規定を追記する。"))
        XCTAssertNotNil(Self.problem("付録5の1章に、基本方針の承認者を定める規定を業界独自項目として置く。"))
        XCTAssertNotNil(Self.problem("7章に、通信の監視を明記する。"))
        XCTAssertNotNil(Self.problem("3章1節に、手順を定める。"), "a place first is still an instruction")
        XCTAssertNotNil(Self.problem("9章の条項例を顧客との取決めにも使うよう注記する（支援先の声）。"))
        XCTAssertNil(Self.problem("当社は、事故対応の手順に沿った訓練を定期的に行い、その結果に基づいて手順を見直す。"))
        XCTAssertNil(Self.problem("委員会は、年度ごとに推進計画を定める。"))
    }

    func testNoShippedProposalIsAnEditorsInstruction() {
        let mappings = ShippedDataTests.loaded.mappings
        let proposals = mappings.flatMap { mapping in
            mapping.entries.compactMap { entry in entry.proposal.map { ("\(mapping.id) \(entry.item)", $0) } }
        }
        XCTAssertGreaterThanOrEqual(proposals.count, 23, "jama-japia has 22 proposals, nikkenren-2023 one")
        for (place, proposal) in proposals {
            if let problem = Self.problem(proposal) { XCTFail("\(place): 反映案 \(problem): \(proposal)") }
            XCTAssertTrue(proposal.hasSuffix("。"), "\(place): one or more whole sentences: \(proposal)")
        }
    }
}
