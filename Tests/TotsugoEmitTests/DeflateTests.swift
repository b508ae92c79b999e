import Foundation
@testable import TotsugoEmit
import Testing
import ZIPFoundation

/// The zip writer and the block-parallel deflate, read back by an independent reader
/// (ZIPFoundation inflates and checks every CRC-32).
@Suite struct DeflateTests {
    /// Text that compresses like a sheet (repeats within and across blocks) but is not uniform.
    static func sample(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let words = ["<c r=\"A1\" t=\"s\"><v>", "</v></c>", "情報セキュリティ", "突合表", "#N/A", "\n", "LV1", "No.44"].map { Array($0.utf8) }
        while bytes.count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes += words[Int(state >> 61)]
            bytes += Array(String(state >> 40 & 0xFFF).utf8)
        }
        return Array(bytes.prefix(count))
    }

    struct Producer: ZipPartProducer {
        let bytes: [UInt8]
        var offset = 0
        var count: Int { bytes.count }
        mutating func produce(into out: inout [UInt8]) -> Bool {
            // Pieces of an odd size, so blocks and pieces never line up.
            let end = min(offset + 300_007, bytes.count)
            out += bytes[offset..<end]
            offset = end
            return offset < bytes.count
        }
    }

    func readBack(_ package: [UInt8]) throws -> [String: [UInt8]] {
        let archive = try Archive(data: Data(package), accessMode: .read)
        var parts: [String: [UInt8]] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            parts[entry.path] = Array(data)
        }
        return parts
    }

    @Test func partsOfEverySizeReadBackUnchanged() throws {
        let large = Self.sample(Deflate.blockSize * 9 + 12_345)   // three batches, a short last block
        let exact = Self.sample(Deflate.blockSize * 4)            // ends exactly on a batch
        let small = Self.sample(5_000)
        var zip = ZipPackage()
        zip.add("empty.xml", bytes: [])
        zip.add("small.xml", bytes: small)
        zip.add("日本語/名前.xml", "本文")
        zip.add("large.xml", producer: { Producer(bytes: large) })
        zip.add("exact.xml", bytes: exact)
        let package = try zip.data()
        let parts = try readBack(package)
        #expect(parts.count == 5)
        #expect(parts["empty.xml"] == [])
        #expect(parts["small.xml"] == small)
        #expect(parts["日本語/名前.xml"] == Array("本文".utf8))
        #expect(parts["large.xml"] == large)
        #expect(parts["exact.xml"] == exact)
        // The blocks' restarts cost little: within 1 % of one zlib stream's size is expected;
        // the bound here only catches a broken dictionary (no back-references across blocks).
        let one = try Deflate.compress(large, dictionary: [], final: true)
        let parallel = try Deflate.part(large).compressed
        #expect(Double(parallel.count) < Double(one.count) * 1.02, "\(parallel.count) vs \(one.count)")
    }

    @Test func bytesDependOnlyOnTheParts() throws {
        let large = Self.sample(Deflate.blockSize * 5 + 1)
        func make() throws -> [UInt8] {
            var zip = ZipPackage()
            zip.add("a.xml", producer: { Producer(bytes: large) })
            zip.add("b.xml", "<b/>")
            return try zip.data()
        }
        let first = try make()
        #expect(try make() == first)
        // Fixed headers: 2000-01-01 00:00 DOS time in the first local header, deflate, no extra.
        #expect(Array(first[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        #expect(first[8] == 8 && first[10] == 0 && first[11] == 0 && first[12] == 0x21 && first[13] == 0x28)
    }

    @Test func writesANewFileOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deflate-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/p.zip"
        var zip = ZipPackage()
        zip.add("a.xml", "<a/>")
        let expected = try zip.data()
        try zip.write(to: path)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == expected)
        var again = ZipPackage()
        again.add("a.xml", "<a/>")
        #expect(throws: (any Error).self) { try again.write(to: path) }
    }
}
