import Foundation
import XCTest
#if canImport(zlib)
import zlib
#else
import CZlib
#endif

/// Raw-deflated bytes (the HTML report's data pieces) inflated with zlib, for the tests that
/// read the report's data back.
func inflateRaw(_ data: Data, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
    var stream = z_stream()
    XCTAssertEqual(inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)), Z_OK, file: file, line: line)
    defer { inflateEnd(&stream) }
    var input = [UInt8](data)
    var out = [UInt8](repeating: 0, count: 1 << 20)
    let status = input.withUnsafeMutableBufferPointer { i in
        out.withUnsafeMutableBufferPointer { o in
            stream.next_in = i.baseAddress
            stream.avail_in = uInt(i.count)
            stream.next_out = o.baseAddress
            stream.avail_out = uInt(o.count)
            return inflate(&stream, Z_FINISH)
        }
    }
    XCTAssertEqual(status, Z_STREAM_END, file: file, line: line)
    return Array(out.prefix(Int(stream.total_out)))
}
