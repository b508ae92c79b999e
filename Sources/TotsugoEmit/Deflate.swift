import CTotsugoZlib

/// Raw deflate (RFC 1951, no zlib header) with the system zlib: the HTML report's large data
/// is deflated in independent pieces that the page inflates with `DecompressionStream`.
///
/// A block-parallel deflate for the workbook's zip (pigz-style blocks with dictionaries behind
/// an own zip writer) was measured and not kept: it shortened a 100k `--format xlsx` build by
/// 16 % at best against a build whose zip CRC was slower than `make`'s, below the 20 % the
/// issue asked for (BENCHMARKS.md, "Deflate on both cores").
enum Deflate {
    struct Failure: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "zlib deflate failed (\(code))" }
    }

    /// `input` as one raw deflate stream at `level`, ending in a final block.
    static func compress(_ input: [UInt8], level: Int32) throws -> [UInt8] {
        var stream = z_stream()
        var status = deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Failure(code: status) }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
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
                    return CTotsugoZlib.deflate(&stream, Z_FINISH)
                }
                written += room - Int(stream.avail_out)
                if status == Z_STREAM_END { break }
                guard status == Z_OK || status == Z_BUF_ERROR else { throw Failure(code: status) }
            }
        }
        output.removeSubrange(written...)
        return output
    }
}
