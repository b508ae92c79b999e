import Foundation
import TestSupport
import TotsugoCore
import TotsugoIngest
import XCTest

final class CatalogParserTests: XCTestCase {
    func load(_ relative: String) throws -> Catalog {
        let input = try InputFile.read(TestPaths.fixture(relative))
        return relative.hasSuffix(".xml") ? try CatalogXMLParser().parse(input) : try CatalogTextParser().parse(input)
    }

    func testBothFormatsYieldTheSameModel() throws {
        let xml = try load("catalogs/sample.xml")
        let text = try load("catalogs/sample.txt")
        XCTAssertEqual(xml.withoutLocations(), text.withoutLocations())
    }

    func testSampleContent() throws {
        let catalog = try load("catalogs/sample.txt")
        XCTAssertEqual(catalog.id, "sample-guide", "id normalised: full-width letters and dash folded")
        XCTAssertEqual(catalog.shortTitle, "見本")
        XCTAssertEqual(catalog.levelNames, ["章", "項目"])
        XCTAssertEqual(catalog.properties, [Catalog.Property(name: "採点", value: "実施 4 / 未実施 0")])
        XCTAssertEqual(catalog.allItems.map(\.id), ["1", "1/44", "1/(2)", "extra"])
        let chapter = catalog.items[0]
        XCTAssertEqual(chapter.label, "1.組織的対策")
        XCTAssertEqual(chapter.text, "Chapter text on\ntwo lines.")
        let item44 = chapter.children[0]
        XCTAssertEqual(item44.number, "No.４４", "display number kept as printed")
        XCTAssertEqual(item44.levels, [.lv1])
        XCTAssertEqual(item44.tags, ["management"])
        let disputed = chapter.children[1]
        XCTAssertEqual(disputed.levels, [.lv1, .lv2])
        XCTAssertEqual(disputed.levelText, "LV1/LV2")
        XCTAssertEqual(disputed.heading, "ｶﾞイドの教育", "display text is not compatibility-folded")
        XCTAssertEqual(disputed.headingSource, .paraphrased)
        XCTAssertEqual(disputed.note, "Sources disagree on the level.")
        let topic = catalog.items[1]
        XCTAssertEqual(topic.headingSource, .topic)
        XCTAssertEqual(topic.label, "参考: ログの取得", "a topic is never shown as a title")
    }

    func testLocationsPointAtItems() throws {
        let text = try load("catalogs/sample.txt")
        XCTAssertEqual(text.items[0].children[0].location?.line, 19)
        let xml = try load("catalogs/sample.xml")
        XCTAssertEqual(xml.items[0].children[0].location?.line, 24)
    }

    func testShippedSchemaFileMatchesEmbeddedSchema() throws {
        let file = try String(contentsOfFile: TestPaths.root.appendingPathComponent("Catalogs/schema/catalog.xsd").path, encoding: .utf8)
        XCTAssertEqual(file + "", CatalogSchema.xsd + "\n", "Catalogs/schema/catalog.xsd and CatalogSchema.swift must stay identical")
    }
}
