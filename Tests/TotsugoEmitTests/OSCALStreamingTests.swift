import Foundation
import TestSupport
import TotsugoCore
@testable import TotsugoEmit
import TotsugoIngest
import XCTest

/// The OSCAL export writes its documents straight into the output file, a chunk at a time
/// (`writeCatalog(_:to:)`, `writeMapping(_:catalogs:to:)`); the bytes are those of the
/// `OrderedJSON` documents (`catalog(_:)`, `mapping(_:catalogs:)`) rendered, and the order of
/// the back-matter texts and diagnostics is the model's, whatever order the maps are written in.
final class OSCALStreamingTests: XCTestCase {
    let export = OSCALExport(date: "2026-11-30")

    func workspace() throws -> (catalogs: [String: Catalog], mapping: Mapping) {
        let loaded = InputLoader().load([TestPaths.fixture("workspace/Catalogs"), TestPaths.fixture("workspace/Mappings")])
        XCTAssertEqual(loaded.diagnostics, [])
        return (Dictionary(uniqueKeysWithValues: loaded.catalogs.map { ($0.id, $0) }), try XCTUnwrap(loaded.mappings.first))
    }

    /// Streams into a new file with `chunk` and returns its bytes and the diagnostics.
    func streamed(_ chunk: Int, _ write: (inout OutputFile, Int) throws -> [Diagnostic]) throws -> (bytes: [UInt8], diagnostics: [Diagnostic]) {
        let path = TestPaths.temporaryFolder() + "/streamed-\(UUID().uuidString).json"
        var file = try OutputFile(path: path)
        let diagnostics = try write(&file, chunk)
        try file.close()
        return (Array(try Data(contentsOf: URL(fileURLWithPath: path))), diagnostics)
    }

    func testStreamedDocumentsAreTheRenderedTreesByteForByte() throws {
        let (catalogs, mapping) = try workspace()
        // 1 byte: written out after every control and map; the default: at the end.
        for chunk in [1, 64, OutputFile.chunkSize] {
            for (id, catalog) in catalogs {
                let tree = export.catalog(catalog)
                let file = try streamed(chunk) { try export.writeCatalog(catalog, to: &$0, chunk: $1) }
                XCTAssertEqual(String(decoding: file.bytes, as: UTF8.self), String(decoding: tree.document.rendered(), as: UTF8.self), "catalog \(id), chunk \(chunk)")
                XCTAssertEqual(file.diagnostics, tree.diagnostics)
            }
            let tree = export.mapping(mapping, catalogs: catalogs)
            let file = try streamed(chunk) { try export.writeMapping(mapping, catalogs: catalogs, to: &$0, chunk: $1) }
            XCTAssertEqual(String(decoding: file.bytes, as: UTF8.self), String(decoding: tree.document.rendered(), as: UTF8.self), "mapping, chunk \(chunk)")
            XCTAssertEqual(file.diagnostics, tree.diagnostics)
        }
    }

    /// The maps are written a target at a time, but the texts no prop can hold are numbered in
    /// the order of the entries (each with its links), as before.
    func testBackMatterTextsFollowTheEntriesNotTheTargets() throws {
        var (catalogs, mapping) = try workspace()
        // `second` first: the first mapping object holds the later entry's link.
        mapping.targets = ["second", "target"]
        let early = try XCTUnwrap(mapping.entries.firstIndex { $0.links.contains { $0.target.catalog == "target" && $0.target.item != nil } })
        let late = try XCTUnwrap(mapping.entries.firstIndex { $0.links.contains { $0.target.catalog == "second" && $0.target.item != nil } })
        XCTAssertLessThan(early, late)
        let earlyLink = try XCTUnwrap(mapping.entries[early].links.firstIndex { $0.target.catalog == "target" && $0.target.item != nil })
        let lateLink = try XCTUnwrap(mapping.entries[late].links.firstIndex { $0.target.catalog == "second" && $0.target.item != nil })
        mapping.entries[early].links[earlyLink].reviewer = "#早い確認者"
        mapping.entries[late].links[lateLink].reviewer = "#遅い確認者"
        let file = try streamed(OutputFile.chunkSize) { try export.writeMapping(mapping, catalogs: catalogs, to: &$0, chunk: $1) }
        XCTAssertEqual(file.bytes, export.mapping(mapping, catalogs: catalogs).document.rendered())
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any])
        let collection = try XCTUnwrap(root["mapping-collection"] as? [String: Any])
        let mappings = try XCTUnwrap(collection["mappings"] as? [[String: Any]])
        XCTAssertEqual(mappings.count, 2)
        let resources = try XCTUnwrap((collection["back-matter"] as? [String: Any])?["resources"] as? [[String: Any]])
        let descriptions = resources.compactMap { $0["description"] as? String }
        let earlyAt = try XCTUnwrap(descriptions.firstIndex(of: "#早い確認者"), "\(descriptions)")
        let lateAt = try XCTUnwrap(descriptions.firstIndex(of: "#遅い確認者"), "\(descriptions)")
        XCTAssertLessThan(earlyAt, lateAt, "\(descriptions)")
        // Each map's reviewer prop points at its own text.
        let text = String(decoding: file.bytes, as: UTF8.self)
        for (description, uuid) in resources.compactMap({ r in (r["description"] as? String).map { ($0, r["uuid"] as? String ?? "") } })
            where description.hasSuffix("確認者") {
            XCTAssertTrue(text.contains("\"value\": \"#\(uuid)\""), description)
        }
    }

    /// The writer's layout is `OrderedJSON.rendered()`'s: empty containers as `[]`/`{}`,
    /// nesting deeper than its indent table, escapes.
    func testStreamWriterLaysOutAsTheTree() {
        var stream = JSONStreamWriter()
        var tree = OrderedJSONBuilder()
        func both(_ body: (inout any OSCALJSONSink) -> Void) {
            var a: any OSCALJSONSink = stream
            body(&a)
            stream = a as! JSONStreamWriter
            var b: any OSCALJSONSink = tree
            body(&b)
            tree = b as! OrderedJSONBuilder
        }
        both { w in
            w.beginObject()
            w.key("empty-array"); w.beginArray(); w.endArray()
            w.key("empty-object"); w.beginObject(); w.endObject()
            w.member("escapes", "\"q\" \\ \n\r\t \u{01}\u{1F} \u{7F} \u{2028} 日本語")
            w.key("deep")
            for _ in 0..<150 { w.beginArray() }
            w.string("底")
            for _ in 0..<150 { w.endArray() }
            w.key("list"); w.beginArray(); w.string("a"); w.beginObject(); w.endObject(); w.beginArray(); w.endArray(); w.string(""); w.endArray()
            w.endObject()
        }
        stream.finish()
        XCTAssertEqual(String(decoding: stream.bytes, as: UTF8.self), String(decoding: tree.result.rendered(), as: UTF8.self))
        XCTAssertTrue(String(decoding: stream.bytes, as: UTF8.self).hasPrefix("{\n  \"empty-array\": [],\n  \"empty-object\": {},\n"))
    }

    /// Strings are scanned eight bytes at a time: an escape at any offset, before or after a
    /// multi-byte character, is found.
    func testEveryEscapeIsFoundAtEveryOffset() {
        for special in ["\"", "\\", "\n", "\u{00}", "\u{1F}", "\t"] {
            for length in 0..<20 {
                for at in 0...length {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: at))
                    for candidate in [text, "字" + text, text + "字"] {
                        var out: [UInt8] = []
                        OrderedJSON.quote(candidate, into: &out)
                        XCTAssertEqual(String(decoding: out, as: UTF8.self), JSONValue.quote(candidate), candidate.debugDescription)
                    }
                }
            }
        }
        for clean in ["", "abcdefgh", "abcdefghi", "日本語のテキスト、十分に長い", "\u{7F}\u{80}\u{2028}"] {
            var out: [UInt8] = []
            OrderedJSON.quote(clean, into: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "\"\(clean)\"")
        }
    }

    func testPropValueCheckAgreesWithTheScalarRule() {
        func scalarRule(_ value: String) -> Bool {
            guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
            return !first.properties.isWhitespace && !last.properties.isWhitespace
                && !value.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }
        }
        for value in ["", "a", " a", "a ", "a\tb", "\ta", "a\u{0B}", "a\nb", "a\rb", "a\u{85}b", "a\u{2028}b", "a\u{2029}b",
                      "\u{3000}全角", "全角\u{3000}", "a\u{A0}", "\u{A0}a", "é", "a\u{2027}b", "a\u{00C2}b", "abc def", "#1"] {
            XCTAssertEqual(OSCALExport.propValueIsValid(value), scalarRule(value), value.debugDescription)
        }
    }
}
