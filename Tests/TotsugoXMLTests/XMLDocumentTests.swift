import Foundation
import TotsugoXML
import XCTest

final class XMLDocumentTests: XCTestCase {
    func parse(_ text: String) throws(XMLFailure) -> XMLDocument {
        try XMLDocument.parse(Array(text.utf8), file: "t.xml")
    }

    func testElementsAttributesTextAndLines() throws {
        let doc = try parse("<a xmlns=\"urn:x\" k=\"v\">\n  <b>one</b>\n  <b>two<c>!</c></b>\n</a>")
        let root = try XCTUnwrap(doc.root)
        XCTAssertEqual(root.name, "a")
        XCTAssertEqual(root.namespaceURI, "urn:x")
        XCTAssertEqual(root.attribute("k"), "v")
        XCTAssertNil(root.attribute("missing"))
        XCTAssertEqual(root.children(named: "b").map(\.text), ["one", "two!"])
        XCTAssertEqual(root.children(named: "b").map(\.line), [2, 3])
    }

    func testMalformedReportsLineAndColumn() {
        XCTAssertThrowsError(try parse("<a>\n  <b>\n</a>")) { error in
            let issue = (error as! XMLFailure).issues[0]
            XCTAssertEqual(issue.line, 3)
            XCTAssertGreaterThan(issue.column, 0)
            XCTAssertTrue(issue.message.contains("mismatch"), issue.message)
        }
    }

    func testAnyDoctypeIsRejectedBeforeEntitiesAreRead() {
        let inputs = [
            "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
            "<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>",
            "<?xml version=\"1.0\"?>\n\n<!DOCTYPE a [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;&l;&l;\">]><a>&l2;</a>",
        ]
        for input in inputs {
            XCTAssertThrowsError(try parse(input)) { error in
                let issues = (error as! XMLFailure).issues
                XCTAssertEqual(issues.count, 1)
                XCTAssertTrue(issues[0].message.contains("DOCTYPE declarations are not allowed"), issues[0].message)
            }
        }
    }

    func testBrokenSchemaIsAnError() {
        XCTAssertThrowsError(try XMLSchema(xsd: "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element/></xs:schema>", file: "s.xsd"))
    }
}
