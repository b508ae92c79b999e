import Testing
import TotsugoCore

/// An item's paragraph texts packed in one String (`ProvisionParagraph.packed`): each native
/// String is a heap object of its own, and 126k of them were ≈ 15 MB of a 100k-provision
/// `regulation` run. Packing is storage only: texts, equality and setters are as before.
@Suite struct ProvisionPackTests {
    static let texts = [
        "第1条　この規程は、当社の情報を守るための決まりを定める。",
        "",
        "一行目の文です。\n二行目の文です。\n",
        "short",
        "○月○日までに＿＿部長が確認する手順を書き込む。",
        "A longer ASCII sentence, more than fifteen bytes.",
        "é combining: e\u{301} then more text here",
    ]

    static func blocks() -> [ProvisionBlock] {
        var blocks: [ProvisionBlock] = []
        for (index, text) in texts.enumerated() {
            let kind: ProvisionParagraph.Kind = switch index % 3 {
            case 0: .body
            case 1: .bullet(marker: "・", depth: 1)
            default: .numbered(label: "(\(index))", depth: 0)
            }
            blocks.append(.paragraph(ProvisionParagraph(kind: kind, text: text, line: index + 10)))
            if index == 3 { blocks.append(.table(ProvisionTable(rows: [["役職名", "役割"], ["責任者", "方針を定める"]], headerRows: 1, line: 40))) }
        }
        return blocks
    }

    static func paragraphs(_ blocks: [ProvisionBlock]) -> [ProvisionParagraph] {
        blocks.compactMap { if case .paragraph(let paragraph) = $0 { paragraph } else { nil } }
    }

    @Test func aPackedItemsTextsRoundTrip() {
        let plain = Self.blocks()
        let packed = ProvisionParagraph.packed(plain)
        #expect(packed.count == plain.count)
        let paragraphs = Self.paragraphs(packed)
        #expect(paragraphs.map(\.text) == Self.texts)
        #expect(paragraphs.map(\.line) == Self.texts.indices.map { $0 + 10 })
        // Texts longer than an inline String (15 UTF-8 bytes) share the buffer; short ones stay.
        #expect(paragraphs.map(\.isPacked) == Self.texts.map { $0.utf8.count > 15 })
        #expect(paragraphs.filter(\.isPacked).count == 5)
        #expect(paragraphs[2].text.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
        #expect(paragraphs[4].hasPlaceholders)
        #expect(!paragraphs[0].hasPlaceholders)
        #expect(paragraphs[4].placeholders.count == 3)
        #expect(paragraphs[6].text.unicodeScalars.count == Self.texts[6].unicodeScalars.count)
        #expect(packed == plain)
        guard case .table(let table) = packed[4] else { Issue.record("the table moved"); return }
        #expect(table.rows[1] == ["責任者", "方針を定める"])
        // Packing twice keeps the texts (already packed paragraphs are left as they are).
        #expect(Self.paragraphs(ProvisionParagraph.packed(packed)).map(\.text) == Self.texts)
    }

    @Test func packedAndUnpackedParagraphsAreEqualByText() {
        let a = Self.paragraphs(ProvisionParagraph.packed(Self.blocks()))
        let b = Self.paragraphs(Self.blocks())
        for (x, y) in zip(a, b) { #expect(x == y) }
        // Packed differently (another neighbour before it): still equal.
        let other = Self.paragraphs(ProvisionParagraph.packed([
            .paragraph(ProvisionParagraph(text: "別の項目の最初の段落の本文です。")),
            .paragraph(ProvisionParagraph(kind: .body, text: Self.texts[0], line: 10)),
        ]))
        #expect(other[1].isPacked)
        #expect(other[1] == a[0])
        #expect(other[0] != a[0])
        // Same text, another kind or line: not equal.
        #expect(a[0] != ProvisionParagraph(kind: .bullet(marker: "・", depth: 0), text: Self.texts[0], line: 10))
        #expect(a[0] != ProvisionParagraph(kind: .body, text: Self.texts[0], line: 11))
        #expect(a[0] != ProvisionParagraph(kind: .body, text: Self.texts[0] + "。", line: 10))
    }

    @Test func settingAPackedTextMakesItTheParagraphsOwn() {
        var paragraphs = Self.paragraphs(ProvisionParagraph.packed(Self.blocks()))
        #expect(paragraphs[0].isPacked)
        paragraphs[0].text = "書き換えた本文"
        #expect(!paragraphs[0].isPacked)
        #expect(paragraphs[0].text == "書き換えた本文")
        #expect(paragraphs[0].line == 10)
        #expect(paragraphs[0].kind == .body)
        paragraphs[4].text += "（追記）"
        #expect(paragraphs[4].text == Self.texts[4] + "（追記）")
        // The neighbours sharing the buffer keep their texts.
        #expect(paragraphs[2].text == Self.texts[2])
        #expect(paragraphs[5].text == Self.texts[5])
        #expect(paragraphs[6].text == Self.texts[6])
    }

    @Test func hasPlaceholdersAgreesWithPlaceholders() {
        let texts = ["＿一つだけの下線は記入欄ではない段落", "__ 二つの下線は記入欄になる段落です", "〇〇部の責任者が確認する段落です。",
                     "記入欄のない普通の段落の本文です。", "末尾に記入欄がある段落です＿＿"]
        let packed = Self.paragraphs(ProvisionParagraph.packed(texts.map { .paragraph(ProvisionParagraph(text: $0)) }))
        #expect(packed.map(\.isPacked) == [true, true, true, true, true])
        #expect(packed.map(\.hasPlaceholders) == [false, true, true, false, true])
        #expect(packed.map(\.hasPlaceholders) == texts.map { !Provision.placeholders(in: $0).isEmpty })
    }

    @Test func anItemWithOneLongParagraphIsNotPacked() {
        let one = Self.paragraphs(ProvisionParagraph.packed([.paragraph(ProvisionParagraph(text: Self.texts[0]))]))
        #expect(one.count == 1 && !one[0].isPacked && one[0].text == Self.texts[0])
        #expect(ProvisionParagraph.packed([]).isEmpty)
    }

    /// A text ending in blanks whose neighbour in the buffer starts with a combining mark: in
    /// the shared buffer the mark would join the last ＿ into one Character, so the packed text
    /// must still end where it did (its text, equality and placeholders as unpacked).
    @Test func aCombiningMarkAfterThePackedTextStaysOutOfIt() {
        let texts = ["記入欄は末尾の二文字で示す＿＿", "\u{3099}で始まる段落の本文です。", "○で始まり、○で終わる文の例○"]
        let plain = texts.map { ProvisionBlock.paragraph(ProvisionParagraph(text: $0)) }
        let packed = Self.paragraphs(ProvisionParagraph.packed(plain))
        #expect(packed.filter(\.isPacked).count == texts.count)
        #expect(packed.map(\.text) == texts)
        #expect(packed == Self.paragraphs(plain))
        #expect(packed.map(\.hasPlaceholders) == [true, false, true])
        #expect(packed.map(\.hasPlaceholders) == Self.paragraphs(plain).map(\.hasPlaceholders))
        #expect(packed[0].textSlice.count == texts[0].count)
    }
}
