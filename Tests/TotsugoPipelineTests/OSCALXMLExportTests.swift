import Foundation
import TestSupport
import TotsugoCore
import TotsugoPipeline
import TotsugoXML
import XCTest

/// `export oscal --format xml` (docs/oscal.md, "OSCAL XML"): read back, the XML gives the
/// same JSON export byte for byte; it is valid against the OSCAL 1.2.2 XSDs generated from
/// NIST's metaschemas (Tests/Fixtures/oscal/schema/README.md).
final class OSCALXMLExportTests: XCTestCase {
    func files(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return result
    }

    func export(_ catalogs: String, _ mappings: String, to out: String) throws -> [String: Data] {
        let log = DiagnosticLog()
        _ = try Pipeline.exportOSCAL(ExportOSCALRequest(catalogs: catalogs, mappings: mappings, out: out, date: "2026-11-30",
                                                        formats: [.json, .xml]), diagnostics: log)
        XCTAssertEqual(log.diagnostics.filter { $0.severity == .error }.map(\.description), [])
        return try files(out)
    }

    /// The shipped catalogs and mappings: exported as JSON and XML, the XML read back and
    /// exported again gives the same bytes, JSON and XML.
    func testXMLExportReadsBackToTheSameBytes() throws {
        let folder = TestPaths.temporaryFolder()
        let root = TestPaths.root.path
        let first = try export(root + "/Catalogs", root + "/Mappings", to: folder + "/first")
        XCTAssertEqual(first.keys.filter { $0.hasSuffix(".oscal.xml") }.count, 13)
        XCTAssertEqual(first.keys.filter { $0.hasSuffix(".oscal.json") }.count, 13)
        for kind in ["catalog", "mapping"] {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(kind)s", withIntermediateDirectories: true)
            for name in first.keys where name.hasSuffix(".\(kind).oscal.xml") {
                try FileManager.default.copyItem(atPath: "\(folder)/first/\(name)", toPath: "\(folder)/\(kind)s/\(name)")
            }
        }
        let again = try export(folder + "/catalogs", folder + "/mappings", to: folder + "/again")
        XCTAssertEqual(again.keys.sorted(), first.keys.sorted())
        for (name, data) in first { XCTAssertEqual(again[name], data, "\(name): XML export → import → export must give the same bytes") }
        // The collection's resources link to the XML catalogs beside it.
        let collection = String(decoding: try XCTUnwrap(first["jama-japia.mapping.oscal.xml"]), as: UTF8.self)
        XCTAssertTrue(collection.contains("<rlink href=\"jama-japia-2.3.catalog.oscal.xml\" media-type=\"application/xml\"/>"), collection)
    }

    /// libxml2 2.9's `\p{L}` leaves out the CJK ideographs (U+4E00–U+9FFF): an id such as
    /// '添付', a token by the XSD's own pattern (and valid by the JSON Schema), is refused by it.
    /// Those refusals are set aside, and only those.
    func schemaIssues(_ path: String, _ schema: XMLSchema) throws -> [String] {
        final class Ignore: XMLReaderDelegate {
            func startElement(_ element: XMLReader.Element) {}
            func endElement() {}
            func characters(_ text: UnsafeBufferPointer<UInt8>) {}
        }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        do throws(XMLFailure) {
            try XMLReader.read(bytes, file: path, schema: schema, delegate: Ignore())
            return []
        } catch {
            return error.issues.map(\.description).filter { issue in
                let cjkToken = issue.contains("is not accepted by the pattern '(\\p{L}|_)(\\p{L}|\\p{N}|[.\\-_])*'")
                    && issue.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
                return !cjkToken && !issue.hasSuffix("document does not match the schema")
            }
        }
    }

    func testXMLExportIsValidAgainstTheOSCALSchemas() throws {
        let folder = TestPaths.temporaryFolder()
        let root = TestPaths.root.path
        let exported = try export(root + "/Catalogs", root + "/Mappings", to: folder)
        let catalogSchema = try XMLSchema(xsd: String(contentsOfFile: TestPaths.fixture("oscal/schema/oscal_catalog_schema.xsd"), encoding: .utf8), file: "oscal_catalog_schema.xsd")
        let mappingSchema = try XMLSchema(xsd: String(contentsOfFile: TestPaths.fixture("oscal/schema/oscal_mapping_schema.xsd"), encoding: .utf8), file: "oscal_mapping_schema.xsd")
        for name in exported.keys.sorted() where name.hasSuffix(".xml") {
            let schema = name.hasSuffix(".catalog.oscal.xml") ? catalogSchema : mappingSchema
            XCTAssertEqual(try schemaIssues(folder + "/" + name, schema), [], name)
        }
        // The check can fail: a map without its uuid is refused.
        let path = folder + "/jama-japia.mapping.oscal.xml"
        let broken = String(decoding: try XCTUnwrap(exported["jama-japia.mapping.oscal.xml"]), as: UTF8.self)
            .replacingOccurrences(of: "<map uuid=\"", with: "<map id=\"")
        try Data(broken.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertFalse(try schemaIssues(path, mappingSchema).isEmpty)
        // NIST's own catalog in XML is valid too.
        XCTAssertEqual(try schemaIssues(TestPaths.fixture("oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.at-ps.xml"), catalogSchema), [])
    }
}
