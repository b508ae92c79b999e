import Testing
import TotsugoCore

@Suite struct ProvisionTests {
    private func marked(_ text: String) -> [String] {
        Provision.placeholders(in: text).map { String(text[$0]) }
    }

    @Test func placeholderRunsAreFound() {
        #expect(marked("毎年○月に見直す") == ["○"])
        #expect(marked("○○部長が〇〇を承認する") == ["○○", "〇〇"])
        #expect(marked("担当：＿＿＿＿　連絡先：__") == ["＿＿＿＿", "__"])
    }

    @Test func singleUnderscoresAndBulletsAreNotPlaceholders() {
        #expect(marked("file_name と ● 箇条書き") == [])
        #expect(marked("") == [])
    }

    @Test func piecesCutTheTextAtItsPlaceholders() {
        let pieces = Provision.pieces(of: "毎年○月に＿＿が見直す")
        #expect(pieces.map(\.text) == ["毎年", "○", "月に", "＿＿", "が見直す"])
        #expect(pieces.map(\.placeholder) == [false, true, false, true, false])
        #expect(Provision.pieces(of: "").map(\.text) == [""])
        #expect(Provision.pieces(of: "○○").map(\.placeholder) == [true])
    }

    @Test func withoutLocationsClearsProvisionLocations() {
        var item = CatalogItem(id: "1", number: "1", heading: "総則")
        item.provisions = [.paragraph(ProvisionParagraph(text: "本文", line: 3)),
                           .table(ProvisionTable(rows: [["役職名", "役割と責任"]], headerRows: 1, line: 3))]
        let catalog = Catalog(id: "c", title: "t", shortTitle: "s", publisher: "p", version: "1",
                              completeness: "", items: [item])
        let stripped = catalog.withoutLocations().items[0].provisions
        #expect(stripped.allSatisfy { $0.line == nil })
        #expect(stripped.count == 2)
    }
}
