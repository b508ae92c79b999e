/// Tests over UTF-8 bytes, eight at a time. Every id, reference and text of a mapping passes
/// through them (a 100k-row mapping holds about a million scalars), where a byte-by-byte loop
/// cost ≈ 100 M instructions at 10k rows (BENCHMARKS.md, "issue 14: instructions").
package enum ByteScan {
    @usableFromInline static let high: UInt64 = 0x8080_8080_8080_8080
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101

    /// True when no byte has its high bit set.
    @inlinable package static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var i = 0
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & high != 0 { return false }
            i += 8
        }
        while i < count {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// True when every byte of the string's UTF-8 is ASCII.
    @inlinable package static func isASCII(_ string: String) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { isASCII($0) } ?? string.utf8.allSatisfy { $0 < 0x80 }
    }

    /// True when the word may hold a byte below 0x20, a 0x7F or a 0xC2 (the first byte of
    /// U+0080…U+009F). Never false when one is there; sometimes true when none is.
    @inlinable package static func mayHoldControl(_ word: UInt64) -> Bool {
        let below20 = (word &- ones &* 0x20) & ~word & high
        let del = word ^ (ones &* 0x7F)
        let c2 = word ^ (ones &* 0xC2)
        let hasDel = (del &- ones) & ~del & high
        let hasC2 = (c2 &- ones) & ~c2 & high
        return below20 | hasDel | hasC2 != 0
    }
}
