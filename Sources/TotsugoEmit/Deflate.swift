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
        // Room for all of it (deflateBound lets Z_FINISH complete in one call), not
        // zero-filled: only the pages zlib writes become resident.
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        let output = [UInt8](unsafeUninitializedCapacity: bound) { target, written in
            input.withUnsafeBufferPointer { source in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                status = CTotsugoZlib.deflate(&stream, Z_FINISH)
                written = target.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else { throw Failure(code: status) }
        return output
    }
}
