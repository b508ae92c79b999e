import Foundation
import TotsugoXML
import XCTest

final class XMLReaderTests: XCTestCase {
    /// Records the events as lines of text.
    final class Recorder: XMLReaderDelegate {
        var events: [String] = []
        var attributeNames: [String] = []
        private var text: [UInt8] = []

        func startElement(_ element: XMLReader.Element) {
            flush()
            let attributes = attributeNames.compactMap { name in element.attribute(name).map { "\(name)=\($0)" } }
            events.append("<\(element.name)@\(element.line)" + attributes.map { " " + $0 }.joined() + ">")
        }
        func endElement() {
            flush()
            events.append("</>")
        }
        func characters(_ run: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: run) }
        private func flush() {
            if !text.isEmpty { events.append(String(decoding: text, as: UTF8.self)) }
            text.removeAll()
        }
    }

    static let schema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:element name="a"><xs:complexType><xs:sequence>
            <xs:element name="b" type="xs:int" maxOccurs="unbounded"/>
            <xs:element name="c" minOccurs="0"><xs:complexType><xs:sequence>
              <xs:element name="d" type="xs:string"/>
            </xs:sequence><xs:attribute name="k" type="xs:string" use="required"/></xs:complexType></xs:element>
          </xs:sequence></xs:complexType></xs:element>
        </xs:schema>
        """

    func read(_ text: String, schema: XMLSchema? = nil, attributes: [String] = []) throws(XMLFailure) -> [String] {
        let recorder = Recorder()
        recorder.attributeNames = attributes
        try XMLReader.read(Array(text.utf8), file: "t.xml", schema: schema, delegate: recorder)
        return recorder.events
    }

    func issues(_ text: String, schema: XMLSchema? = nil) -> [XMLIssue] {
        do {
            _ = try read(text, schema: schema)
            XCTFail("expected issues")
            return []
        } catch {
            return error.issues
        }
    }

    func testEventsAttributesTextAndLines() throws {
        let events = try read("""
            <?xml version="1.0"?>
            <a xmlns="urn:x" k="v &amp; w&#38;&lt;"
               n="1">x&amp;y<![CDATA[<z>]]><!-- no -->&#x41;<?pi no?>
              <b/><c:b xmlns:c="urn:y" c:k="1" k="2">t</c:b>
            </a>
            """, attributes: ["k", "n", "missing"])
        XCTAssertEqual(events, [
            "<a@3 k=v & w&< n=1>", "x&y<z>A\n  ", "<b@4>", "</>", "<b@4 k=1>", "t", "</>", "\n", "</>",
        ], "attributes by local name, first one wins, like xmlGetProp")
    }

    /// The DOM and the stream report the same parser errors for the same document.
    func testMalformedReportsTheSameIssuesAsTheDOM() {
        let inputs = [
            "<a>\n  <b>\n</a>", "<a><b></b>", "<a></a><b/>", "<a x=\"1\" x=\"2\"/>", "  \n", "<a>&foo;</a>",
            "<?xml version=\"1.0\"?>\n<a>\u{1}</a>", "<a>", "<?xml version=\"1.0\"?>\n<a>\n<title>broken\n</a>\n",
        ]
        for input in inputs {
            let streamed = issues(input)
            var parsed: [XMLIssue] = []
            XCTAssertThrowsError(try XMLDocument.parse(Array(input.utf8), file: "t.xml")) { parsed = ($0 as! XMLFailure).issues }
            XCTAssertFalse(streamed.isEmpty, input)
            XCTAssertEqual(streamed, parsed, input)
        }
    }

    /// Input is UTF-8 whatever the declaration says (read in chunks, a declared encoding must
    /// not switch the decoder half-way); a name libxml2 does not know is still an error.
    func testDeclaredEncodingIsIgnoredButMustBeKnown() throws {
        let body = "<a>" + String(repeating: "日本語の見出し", count: 20_000) + "</a>"
        for encoding in ["Shift_JIS", "EUC-JP", "ISO-8859-1", "UTF-16", "utf-8"] {
            let events = try read("<?xml version=\"1.0\" encoding=\"\(encoding)\"?>\n" + body)
            XCTAssertEqual(events, ["<a@2>", String(repeating: "日本語の見出し", count: 20_000), "</>"], encoding)
        }
        let inputs = [
            "<?xml version=\"1.0\" encoding=\"bogus\"?>\n<a>\n<b></a>\n",
            "<?xml version=\"1.0\"\n   encoding=\"x-nope\" standalone=\"yes\"?>\n<a/>\n",
            "<?xml encoding=\"bogus\"?>\n<a/>\n",
            "<?xml version=\"1.0\" encoding=\"bogus\"",
            "<?xml version=\"1.0\" encoding=\"1bad\"?>\n<a/>\n",
        ]
        for input in inputs {
            var parsed: [XMLIssue] = []
            XCTAssertThrowsError(try XMLDocument.parse(Array(input.utf8), file: "t.xml")) { parsed = ($0 as! XMLFailure).issues }
            XCTAssertEqual(issues(input), parsed, input)
        }
        XCTAssertEqual(issues(inputs[0]).map(\.description), ["t.xml:1:37: Unsupported encoding bogus"])
    }

    func testAnyDoctypeIsRefusedBeforeEntitiesAreRead() throws {
        let schema = try XMLSchema(xsd: Self.schema, file: "s.xsd")
        let inputs = [
            "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
            "<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>",
            "<?xml version=\"1.0\"?>\n\n<!DOCTYPE a [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;&l;&l;\">]><a>&l2;</a>",
        ]
        for input in inputs {
            for schema in [nil, schema] {
                let recorder = Recorder()
                XCTAssertThrowsError(try XMLReader.read(Array(input.utf8), file: "t.xml", schema: schema, delegate: recorder)) { error in
                    let issues = (error as! XMLFailure).issues
                    XCTAssertEqual(issues.count, 1)
                    XCTAssertTrue(issues[0].message.contains("DOCTYPE declarations are not allowed"), issues[0].message)
                }
                XCTAssertEqual(recorder.events, [], "stopped before the root element")
            }
        }
        XCTAssertEqual(issues(inputs[2]).first?.line, 3)
    }

    func testValidDocumentPasses() throws {
        let schema = try XMLSchema(xsd: Self.schema, file: "s.xsd")
        XCTAssertEqual(try read("<a><b>1</b><c k=\"x\"><d/></c></a>", schema: schema),
                       ["<a@1>", "<b@1>", "1", "</>", "<c@1>", "<d@1>", "</>", "</>", "</>"])
    }

    /// Schema errors carry the line of the element's start tag (where the tree validator put
    /// them), also for checks made at its end tag; no column, like the tree validator.
    func testSchemaErrorsArePositionedAtStartTags() throws {
        let schema = try XMLSchema(xsd: Self.schema, file: "s.xsd")
        let found = issues("""
            <a>
            <b>1</b>
            <b>x
            </b>
            <c
              >

            </c>
            </a>
            """, schema: schema)
        // As `xmllint --schema` (the tree validator) reports them: lines 3, 6, 6.
        XCTAssertEqual(found.map(\.line), [3, 6, 6])
        XCTAssertEqual(found.map(\.column), [0, 0, 0])
        XCTAssertEqual(found.map(\.message), [
            "Element 'b': 'x\n' is not a valid value of the atomic type 'xs:int'.",
            "Element 'c': The attribute 'k' is required but missing.",
            "Element 'c': Missing child element(s). Expected is ( d ).",
        ])
        let missing = issues("<a>\n<b>1</b>\n<c k=\"1\">\n\n</c>\n\n</a>", schema: schema)
        XCTAssertEqual(missing.map(\.line), [3])
        XCTAssertTrue(missing[0].message.contains("Missing child element(s)"), missing[0].message)
        let root = issues("<a\n>\n</a>", schema: schema)
        XCTAssertEqual(root.map(\.line), [2])
        XCTAssertTrue(root[0].message.contains("Missing child element(s)"), root[0].message)
    }

    /// A document both malformed and invalid reports the parser's errors only.
    func testMalformedWinsOverInvalid() throws {
        let schema = try XMLSchema(xsd: Self.schema, file: "s.xsd")
        let input = "<a>\n<b>x</b>\n<b>1</c></a>"
        let found = issues(input, schema: schema)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].message.contains("mismatch"), found[0].message)
        XCTAssertEqual(found, issues(input), "the same without the schema")
    }

    func testDeepNestingIsStreamedAndBoundedByLibxml2() throws {
        let depth = 250
        let events = try read(String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth))
        XCTAssertEqual(events.count, 2 * depth)
        let deep = String(repeating: "<e>\n", count: 100_000) + String(repeating: "</e>", count: 100_000)
        let found = issues(deep)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].message.contains("Excessive depth"), found[0].message)
        XCTAssertEqual(found[0].line, 258)
        XCTAssertThrowsError(try XMLDocument.parse(Array(deep.utf8), file: "t.xml")) {
            XCTAssertEqual(($0 as! XMLFailure).issues, found, "as the DOM parse reports it")
        }
    }
}
