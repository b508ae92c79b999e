@testable import TotsugoIngest
import XCTest

/// The word-at-a-time UTF-8 check finds the same first bad byte as a scalar decoder.
final class UTF8CheckTests: XCTestCase {
    /// Offset of the first byte where Swift's own UTF-8 decoder reports an error.
    func reference(_ bytes: [UInt8]) -> Int? {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    func testAgreesWithTheStandardDecoder() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let pieces: [[UInt8]] = [Array("abcdefgh".utf8), Array("突合".utf8), Array("é".utf8), Array("𝄞".utf8),
                                 [0x80], [0xC0, 0x80], [0xE3, 0x81], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x0A],
                                 [0xE3, 0x81, 0x41], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xE0, 0x80, 0x80], [0xEC, 0xC0, 0x80]]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(next() % 12) { bytes += pieces[Int(next() % UInt64(pieces.count))] }
            XCTAssertEqual(InputFile.firstInvalidUTF8(bytes), reference(bytes), "\(bytes)")
        }
    }
}
