import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoIngest
import TotsugoPipeline
import XCTest

/// `import catalog` writing the XML catalog format (`--format xml`, or an `--out` ending in
/// .xml): the file validates against catalog.xsd and reads back to the same catalog as the
/// structured text would; and every shipped catalog survives the XML writer unchanged.
final class ImportXMLTests: XCTestCase {
    func importing(_ source: String, recipe: String?, out: String, xml: Bool? = nil,
                   overrides: ImportRecipe = ImportRecipe()) throws -> Pipeline.ImportedCatalog {
        let log = DiagnosticLog()
        var result: Pipeline.ImportedCatalog?
        let failure = failure { () throws(CommandFailure) in
            result = try Pipeline.importCatalog(Pipeline.ImportCatalogRequest(
                source: source, recipe: recipe, overrides: overrides, destination: .file(out), date: "2026-11-30", xml: xml), diagnostics: log)
        }
        XCTAssertNil(failure, log.text)
        return try XCTUnwrap(result)
    }

    func readXML(_ path: String) throws -> Catalog {
        try CatalogXMLParser().parse(InputFile.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path))
    }

    func testCheckSheetToXMLReadsBackAsTheTextCatalog() throws {
        let folder = TestPaths.temporaryFolder()
        let recipe = TestPaths.fixture("import/checksheet.recipe.yaml")
        let source = TestPaths.fixture("import/checksheet.xlsx")
        let asXML = try importing(source, recipe: recipe, out: folder + "/checksheet.xml")
        let asText = try importing(source, recipe: recipe, out: folder + "/checksheet.txt")
        XCTAssertNotNil(asXML.xml, "an --out ending in .xml writes XML")
        XCTAssertNil(asText.xml)
        let written = try String(contentsOfFile: folder + "/checksheet.xml", encoding: .utf8)
        XCTAssertTrue(written.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:totsugo:catalog:1\" id=\"sample-checksheet\">"))
        XCTAssertTrue(written.contains("<item id=\"1\" number=\"1\" level=\"LV1\">"), written)
        let fromXML = try readXML(folder + "/checksheet.xml")
        let fromText = try CatalogTextParser().parse(InputFile.decode(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/checksheet.txt"))), path: "t"))
        XCTAssertEqual(fromXML.withoutLocations(), fromText.withoutLocations())
        XCTAssertEqual(fromXML.allItems.count, 13)
    }

    func testDocumentProvisionsGoToXMLWhenAsked() throws {
        let folder = TestPaths.temporaryFolder()
        var overrides = ImportRecipe()
        let here = SourceLocation(file: "command line")
        overrides.id = .init("rules", at: here)
        overrides.title = .init("規程", at: here)
        overrides.publisher = .init("自社", at: here)
        overrides.version = .init("1", at: here)
        // --format xml with an --out that does not end in .xml.
        let result = try importing(TestPaths.fixture("docx/regulation-word.docx"), recipe: nil, out: folder + "/rules.cat", xml: true, overrides: overrides)
        let xml = try XCTUnwrap(result.xml)
        XCTAssertTrue(xml.contains("<table header-rows=\"1\">"))
        XCTAssertTrue(xml.contains("<p kind=\"bullet\" mark=\"●\">"))
        let read = try readXML(folder + "/rules.cat")
        XCTAssertEqual(read.withoutLocations(), result.catalog.withoutLocations())
        XCTAssertFalse(read.allItems.flatMap(\.provisions).isEmpty)
    }

    func testEveryShippedCatalogSurvivesTheXMLWriter() throws {
        let loaded = InputLoader().load([TestPaths.root.appendingPathComponent("Catalogs").path])
        XCTAssertGreaterThanOrEqual(loaded.catalogs.count, 9)
        for catalog in loaded.catalogs {
            let xml = CatalogXMLWriter.render(catalog)
            let read = try CatalogXMLParser().parse(InputFile.decode(Array(xml.utf8), path: catalog.id + ".xml"))
            XCTAssertEqual(read.withoutLocations(), catalog.withoutLocations(), catalog.id)
        }
    }
}
