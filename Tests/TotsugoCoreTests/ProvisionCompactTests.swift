import Testing
import TotsugoCore

/// A provision block keeps its line only (its item's location names the file): 100k provisions
/// held 48-byte `SourceLocation`s (104 bytes a block, then 48; 56 since texts are packed), about 5 MB of a `regulation` run.
@Suite struct ProvisionCompactTests {
    @Test func aBlockIsNoLargerThanItsTextKindAndLine() {
        // 56 since an item's texts share one buffer (ProvisionPackTests): 8 bytes more a block
        // for an offset and a length, against a String heap object saved per paragraph.
        #expect(MemoryLayout<ProvisionParagraph>.size <= 56)
        #expect(MemoryLayout<ProvisionTable>.size <= 24)
        #expect(MemoryLayout<ProvisionBlock>.stride <= 56)
    }

    @Test func theLineIsKeptAndAMissingLineIsNil() {
        var paragraph = ProvisionParagraph(kind: .numbered(label: "(1)", depth: 2), text: "規程の本文", line: 70_000)
        #expect(paragraph.line == 70_000)
        #expect(ProvisionBlock.paragraph(paragraph).line == 70_000)
        paragraph.line = nil
        #expect(paragraph.line == nil)
        #expect(paragraph == ProvisionParagraph(kind: .numbered(label: "(1)", depth: 2), text: "規程の本文"))
        #expect(ProvisionParagraph(text: "本文", line: 0).line == nil)
        #expect(ProvisionParagraph(text: "本文", line: -5).line == nil)
        #expect(ProvisionParagraph(text: "本文", line: 1).line != ProvisionParagraph(text: "本文", line: 2).line)

        let table = ProvisionTable(rows: [["役職名", "役割"], ["責任者", "方針を定める"]], headerRows: 1, line: 12)
        #expect(ProvisionBlock.table(table).line == 12)
        #expect(table.rows[1] == ["責任者", "方針を定める"])
        #expect(table.headerRows == 1)
        #expect(ProvisionTable(rows: [], headerRows: 0).line == nil)
    }
}
