@testable import TotsugoCore
@testable import TotsugoIngest
import Testing

/// The eight-bytes-at-a-time control scan against the byte rule it replaces: a control byte
/// below 0x20 other than tab/LF/CR, DEL, and U+0080…U+009F (0xC2 then 0x80…0x9F), at every
/// offset, including a 0xC2 that ends one word and its continuation that starts the next.
@Suite struct ControlScanTests {
    static func byteRule(_ bytes: [UInt8]) -> UInt32? {
        var previous: UInt8 = 0
        for b in bytes {
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D || b == 0x7F { return UInt32(b) }
            if previous == 0xC2, b >= 0x80, b <= 0x9F { return UInt32(b) }
            previous = b
        }
        return nil
    }

    @Test func agreesWithTheByteRuleAtEveryOffset() {
        let pieces: [[UInt8]] = [Array("a".utf8), Array("あ".utf8), Array("\t\r\n".utf8), [0x1B], [0x7F], [0xC2, 0x85],
                                 Array("é".utf8), Array("¡".utf8), [0x00], Array("ｶ".utf8), Array("xyz01234".utf8)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                // Mostly harmless pieces, so the one bad piece lands at any offset.
                let piece = Int.random(in: 0..<10, using: &generator) < 8
                    ? pieces[[0, 1, 2, 7, 8, 9, 10].randomElement(using: &generator)!]
                    : pieces.randomElement(using: &generator)!
                bytes += piece
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = Self.byteRule(Array(text.utf8))
            let found = InputFile.controlCharacter(in: text.utf8)
            #expect((found != nil) == (expected != nil), "\(Array(text.utf8))")
            if let expected, let found { #expect(found.hasPrefix(String(format: "U+%04X", expected))) }
        }
    }

    @Test func c2AcrossAWordBoundary() {
        // 0xC2 is the 8th byte of the first word, 0x85 (NEL) the first of the next.
        let bytes: [UInt8] = Array("abcdefg".utf8) + [0xC2, 0x85] + Array("hijklmn".utf8)
        #expect(InputFile.controlCharacter(in: bytes) == "U+0085 (NEL)")
        let clean: [UInt8] = Array("abcdefg".utf8) + Array("¢".utf8) + Array("hijklmn".utf8)
        #expect(InputFile.controlCharacter(in: clean) == nil)
    }

    @Test func asciiScanMatchesAllSatisfy() {
        for text in ["", "abc", "abcdefgh", "abcdefghi", "abcdefgあ", "あ", "ipa-3.1-appendix5:3/1/1.1", "No．４４"] {
            #expect(ByteScan.isASCII(text) == text.utf8.allSatisfy { $0 < 0x80 }, "\(text)")
        }
    }
}
