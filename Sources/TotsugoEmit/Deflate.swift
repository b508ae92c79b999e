import CTotsugoZlib
import TotsugoScheduler

/// Raw deflate (RFC 1951) of one zip part with zlib at level 6, in independent blocks that the
/// scheduler compresses on every core, the way pigz does: each block starts from the last
/// 32 KiB of the block before it as its dictionary and ends with a sync flush (byte-aligned,
/// not final), the last block with a final block. Concatenated in order they are one deflate
/// stream that any inflater reads; the bytes depend only on the input, never on the threads.
///
/// Why not ZIPFoundation's deflate: it compresses a part on one thread and takes no
/// precompressed data, and the workbook's deflate was the longest path of a large build
/// (BENCHMARKS.md, "Deflate on both cores").
struct Deflate {
    /// Input bytes per block. Larger blocks lose less to the restarts (≈ 0.1 % of the
    /// compressed size at 1 MiB) but give the cores fewer pieces to share.
    static let blockSize = 1 << 20
    /// Blocks compressed at once (the input held at a time is `batch × blockSize`).
    static let batch = 4
    static let level: Int32 = 6
    static let windowSize = 32 * 1024

    struct Failure: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "zlib deflate failed (\(code))" }
    }

    /// The compressed stream so far.
    private(set) var compressed: [UInt8] = []
    /// CRC-32 of the input so far.
    private(set) var crc: UInt32 = 0
    /// Input bytes so far.
    private(set) var count = 0
    /// The previous block's last 32 KiB (the next block's dictionary).
    private var window: [UInt8] = []

    /// Compresses `blocks` (each at most `blockSize`, in order); `final` when they end the part.
    mutating func add(_ blocks: [[UInt8]], final: Bool) throws {
        guard !blocks.isEmpty else {
            if final { compressed += try Self.compress([], dictionary: window, final: true) }
            return
        }
        // Every block but a part's last is `blockSize` long, longer than the window.
        let dictionaries = [window] + blocks.dropLast().map { Array($0.suffix(Self.windowSize)) }
        let results = Scheduler.map(blocks.count) { index in
            Result { try Self.compress(blocks[index], dictionary: dictionaries[index], final: final && index == blocks.count - 1) }
        }
        for (block, result) in zip(blocks, results) {
            compressed += try result.get()
            crc = block.withUnsafeBufferPointer { UInt32(crc32(uLong(crc), $0.baseAddress, uInt($0.count))) }
            count += block.count
        }
        // A block shorter than the window (only a part's last) reaches back into those before it.
        window = blocks[blocks.count - 1].count >= Self.windowSize
            ? Array(blocks[blocks.count - 1].suffix(Self.windowSize))
            : Array((window + blocks.joined()).suffix(Self.windowSize))
    }

    /// The whole of `bytes` as one part.
    static func part(_ bytes: [UInt8]) throws -> Deflate {
        var deflate = Deflate()
        var blocks: [[UInt8]] = []
        var start = 0
        repeat {
            let end = min(start + blockSize, bytes.count)
            blocks.append(Array(bytes[start..<end]))
            start = end
            if blocks.count == batch || start == bytes.count {
                try deflate.add(blocks, final: start == bytes.count)
                blocks = []
            }
        } while start < bytes.count
        return deflate
    }

    /// One block: raw deflate from `dictionary`, ending in a sync flush or a final block.
    static func compress(_ input: [UInt8], dictionary: [UInt8], final: Bool, level: Int32 = level) throws -> [UInt8] {
        var stream = z_stream()
        var status = deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Failure(code: status) }
        defer { deflateEnd(&stream) }
        if !dictionary.isEmpty {
            status = dictionary.withUnsafeBufferPointer { deflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }
            guard status == Z_OK else { throw Failure(code: status) }
        }
        // deflateBound covers a final block; a sync flush adds at most a few bytes more.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var written = 0
        try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                if written == output.count { output += [UInt8](repeating: 0, count: max(output.count / 2, 1024)) }
                let room = output.count - written
                status = output.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress! + written
                    stream.avail_out = uInt(room)
                    return CTotsugoZlib.deflate(&stream, final ? Z_FINISH : Z_SYNC_FLUSH)
                }
                written += room - Int(stream.avail_out)
                if final ? status == Z_STREAM_END : (status == Z_OK && stream.avail_out > 0 && stream.avail_in == 0) { break }
                guard status == Z_OK || status == Z_BUF_ERROR else { throw Failure(code: status) }
            }
        }
        output.removeSubrange(written...)
        return output
    }
}
