@testable import TotsugoIngest
import TotsugoCore
import XCTest

/// Issue 13 ("Trust"), the mapping YAML reader: no entry or link is dropped for an empty
/// required field, a mapping id can only name files inside the output folder, a repeated key is
/// reported at its own position with the key alone, and the node limit is counted while the
/// file is composed. Every case is read both ways (the one streamed pass, and Yams' tree for
/// comparison) and must give the same diagnostics.
final class TrustMappingYAMLTests: XCTestCase {
    static let header = "mapping:\n  id: m\n  source: s\n  targets: [t]\n"

    /// Good entries before the case, so the case lies deep in a long file.
    static let filler: String = (1...30).map { "  - item: \"f\($0)\"\n    targets:\n      - ref: t:1\n        relationship: equal\n" }.joined()
    static let fillerLines = 30 * 4

    enum Way: CaseIterable { case onePass, yams }

    func read(_ text: String, _ way: Way, budget: Int = YAMLNodeReader.defaultBudget) -> Result<Mapping, DiagnosticError> {
        var parser = MappingYAMLParser(nodeBudget: budget)
        parser.streaming = way == .onePass
        do {
            let input = try InputFile.decode(Array(text.utf8), path: "m.yaml")
            return .success(try parser.parse(input))
        } catch {
            return .failure(error)
        }
    }

    /// The diagnostics of reading `text`, the same all three ways.
    func diagnostics(_ text: String, budget: Int = YAMLNodeReader.defaultBudget, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        var found: [Way: [String]] = [:]
        for way in Way.allCases {
            switch read(text, way, budget: budget) {
            case .success(let mapping):
                XCTFail("\(way): read without error: \(mapping.entries.count) entries\n\(text.prefix(300))", file: file, line: line)
                found[way] = []
            case .failure(let error):
                XCTAssertEqual(error.kind, .badInput, file: file, line: line)
                found[way] = error.diagnostics.map(\.description)
            }
        }
        XCTAssertEqual(found[.yams], found[.onePass], "Yams' tree", file: file, line: line)
        return found[.onePass] ?? []
    }

    // MARK: empty required fields

    func testEmptyRelationshipIsAnError() {
        let at = 6 + Self.fillerLines + 3  // the line of `relationship:`
        for empty in ["", " ~", " null", " \"\"", " ''", " \" \""] {
            let text = Self.header + "entries:\n" + Self.filler
                + "  - item: \"1\"\n    targets:\n      - ref: t:1\n        relationship:\(empty)\n"
            let found = diagnostics(text)
            XCTAssertEqual(found.count, 1, "\(empty): \(found)")
            XCTAssertTrue(found.first?.hasPrefix("m.yaml:\(at):9: error: 'relationship' in a target is empty; expected one of equal,") ?? false,
                          "\(empty): \(found)")
        }
    }

    func testEmptyRefIsAnError() {
        let at = 6 + Self.fillerLines + 2
        for empty in ["", " ~", " NULL", " \"\""] {
            let text = Self.header + "entries:\n" + Self.filler
                + "  - item: \"1\"\n    targets:\n      - ref:\(empty)\n        relationship: equal\n"
            XCTAssertEqual(diagnostics(text),
                           ["m.yaml:\(at):9: error: 'ref' in a target is empty; write 'catalog-id:item-id' (a bare catalog id only with no-relationship)"],
                           empty)
        }
    }

    func testEmptyItemIsAnErrorAndItsLinksAreStillChecked() {
        let at = 6 + Self.fillerLines
        for empty in ["", " ~", " \"\"", " \"　\""] {
            let text = Self.header + "entries:\n" + Self.filler
                + "  - item:\(empty)\n    targets:\n      - ref: t:1\n        relationship: sameish\n"
            let found = diagnostics(text)
            XCTAssertEqual(found.first, "m.yaml:\(at):5: error: 'item' in an entry is empty; name the source item this entry reviews", empty)
            XCTAssertTrue(found.count == 2 && found[1].contains("unknown relationship 'sameish'"), "\(found)")
        }
    }

    func testNullTargetsOfAnEntryIsAnError() {
        let at = 6 + Self.fillerLines + 1
        for empty in ["", " ~", " null"] {
            let text = Self.header + "entries:\n" + Self.filler + "  - item: \"1\"\n    targets:\(empty)\n"
            XCTAssertEqual(diagnostics(text),
                           ["m.yaml:\(at):5: error: 'targets' in an entry is empty; list its links, or write 'targets: []' for reviewed: no counterpart anywhere"])
        }
        // `[]` stays "reviewed: no counterpart".
        let reviewed = Self.header + "entries:\n" + Self.filler + "  - item: \"1\"\n    targets: []\n"
        for way in Way.allCases {
            XCTAssertEqual(try read(reviewed, way).get().entries.last?.links, [], "\(way)")
        }
    }

    func testEmptyHeaderFieldsAreErrors() {
        let entries = "entries:\n" + Self.filler
        XCTAssertEqual(diagnostics("mapping:\n  id: ~\n  source: s\n  targets: [t]\n" + entries),
                       ["m.yaml:2:3: error: 'id' in the 'mapping' header is empty; the mapping id names the output files (e.g. id: nikkenren-2023)"])
        XCTAssertEqual(diagnostics("mapping:\n  id: m\n  source: \"\"\n  targets: [t]\n" + entries),
                       ["m.yaml:3:3: error: 'source' in the 'mapping' header is empty; name the source catalog id"])
        XCTAssertEqual(diagnostics("mapping:\n  id: m\n  source: s\n  targets: [t, ~, \"\"]\n" + entries),
                       ["m.yaml:4:16: error: a target catalog id in 'targets' is empty; name the catalog or remove the item",
                        "m.yaml:4:19: error: a target catalog id in 'targets' is empty; name the catalog or remove the item"])
        XCTAssertEqual(diagnostics(Self.header + "entries:\n"),
                       ["m.yaml:5:1: error: 'entries' in the mapping file is empty; write 'entries: []' for a mapping with no reviewed items yet"])
    }

    // MARK: mapping ids that name files

    func testUnsafeMappingIDsAreRefusedAtTheirPosition() {
        let tail = "  source: s\n  targets: [t]\nentries:\n" + Self.filler
        let cases: [(String, String)] = [
            ("./../pwned", "it starts with '.'"),
            ("../../x", "it starts with '.'"),
            (".hidden", "it starts with '.'"),
            ("a/b", "it contains '/' (a folder separator)"),
            ("ａ／ｂ", "it contains '/' (a folder separator)"),  // full-width, normalised to '/'
            ("'a\\b'", "it contains '\\' (a folder separator)"),
            ("\"a\\x01b\"", "it contains the control character U+0001"),
            ("\"a\\x7Fb\"", "it contains the control character U+007F"),
            ("a:b", "it contains ':', which file names cannot hold on Windows"),
            ("'a|b'", "it contains '|'"),
            ("'a*b'", "it contains '*'"),
            ("'a?b'", "it contains '?'"),
            ("'a<b'", "it contains '<'"),
            (String(repeating: "あ", count: 51), "it is 153 bytes long in UTF-8 (at most 150)"),
        ]
        for (id, problem) in cases {
            let found = diagnostics("mapping:\n  id: \(id)\n" + tail)
            XCTAssertEqual(found.count, 1, "\(id): \(found)")
            XCTAssertTrue(found.first?.hasPrefix("m.yaml:2:7: error: mapping id '") ?? false, "\(id): \(found)")
            XCTAssertTrue(found.first?.contains("cannot name output files: \(problem)") ?? false, "\(id): \(found)")
            XCTAssertTrue(found.first?.contains("write one file name without folders") ?? false, "\(id): \(found)")
        }
        XCTAssertEqual(diagnostics("mapping:\n  id: \"\"\n" + tail).first,
                       "m.yaml:2:3: error: 'id' in the 'mapping' header is empty; the mapping id names the output files (e.g. id: nikkenren-2023)")
    }

    func testSafeMappingIDsAreKept() throws {
        for (id, expected) in [("nikkenren-2023", "nikkenren-2023"), ("日建連_2023-v2", "日建連_2023-v2"),
                               (String(repeating: "あ", count: 50), String(repeating: "あ", count: 50))] {
            let text = "mapping:\n  id: \(id)\n  source: s\n  targets: [t]\nentries:\n" + Self.filler
            for way in Way.allCases {
                XCTAssertEqual(try read(text, way).get().id, expected, "\(way)")
            }
        }
        XCTAssertNil(Mapping.fileNameProblem("a-b-c_d"))
        XCTAssertNotNil(Mapping.fileNameProblem(".."))
        XCTAssertNotNil(Mapping.fileNameProblem("a\u{85}b"))  // C1 control
    }

    // MARK: repeated keys

    func testDuplicateKeyIsReportedAtItsOwnPosition() {
        let at = 6 + Self.fillerLines
        let text = Self.header + "entries:\n" + Self.filler + "  - {item: \"2\", targets: [], item: \"3\"}\n"
        XCTAssertEqual(diagnostics(text), ["m.yaml:\(at):30: error: duplicate key 'item' (first at line \(at), column 6)"])
        let top = Self.header + "entries:\n" + Self.filler + "mapping: {}\n"
        XCTAssertEqual(diagnostics(top), ["m.yaml:\(at):1: error: duplicate key 'mapping' (first at line 1, column 1)"])
        let header = "mapping:\n  id: m\n  source: s\n  targets: [t]\n  id: n\nentries:\n" + Self.filler
        XCTAssertEqual(diagnostics(header), ["m.yaml:5:3: error: duplicate key 'id' (first at line 2, column 3)"])
    }

    /// 31 MB of stderr for a 31 MB file before: the key is cut, the mapping never printed.
    func testLongDuplicateKeyPrintsTheKeyOnly() {
        let key = String(repeating: "鍵", count: 200_000)
        // Explicit keys (`? key`): libyaml allows implicit keys of 1024 characters at most.
        var text = Self.header + "entries:\n" + Self.filler + "  - item: \"1\"\n    targets: []\n"
        text += "    ? \(key)\n    : 1\n    note: n\n    ? \(key)\n    : 2\n"
        let found = diagnostics(text)
        XCTAssertEqual(found.count, 1)
        XCTAssertLessThan(found.first?.utf8.count ?? .max, 400, "\(found.first?.prefix(400) ?? "")")
        let line = 6 + Self.fillerLines
        XCTAssertEqual(found.first, "m.yaml:\(line + 5):7: error: duplicate key '\(String(repeating: "鍵", count: 60))…' (first at line \(line + 2), column 7)")
    }

    func testDuplicateKeysBeyondThirtyTwo() {
        let keys = (0..<40).map { "  k\($0): x\n" }.joined()
        let text = "a:\n" + keys + "  k35: y\n"
        XCTAssertEqual(diagnostics(text), ["m.yaml:42:3: error: duplicate key 'k35' (first at line 37, column 3)"])
    }

    func testNonScalarKeyIsReportedAtItsPosition() {
        let at = 6 + Self.fillerLines
        let text = Self.header + "entries:\n" + Self.filler + "  - {item: \"2\", targets: [], [a]: 1}\n"
        XCTAssertEqual(diagnostics(text), ["m.yaml:\(at):30: error: a mapping key must be a single value, not a list or mapping"])
    }

    // MARK: the node limit while composing

    /// A file with an anchor and an alias (which used to go to Yams and be composed whole
    /// before any limit) past the node limit: stopped while composing, all three ways, at the
    /// node past the limit.
    func testNodeLimitIsCountedWhileComposingWithAnchors() {
        var text = "mapping:\n  id: m\n  title: &t T\n  source: s\n  targets: [t]\nentries:\n"
        for i in 0..<400 { text += "  - {item: \"\(i)\", targets: [], note: *t}\n" }
        // 14 nodes before the first entry (root, `mapping`, the header: 9, `entries` and its
        // list); each entry is 7 nodes. Node 1,001 is the 7th of entry 140 (0-based): its `*t`.
        let found = diagnostics(text, budget: 1_000)
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertTrue(found.first?.hasPrefix("m.yaml:") ?? false)
        XCTAssertTrue(found.first?.contains("error: too many YAML nodes: more than 1000 in this file; the limit is 1000 nodes (--max-yaml-nodes)") ?? false, "\(found)")
        XCTAssertTrue(found.first?.hasPrefix("m.yaml:147:38: error:") ?? false, "\(found)")
    }

    /// The composer stops at the limit: it never holds more than `limit` nodes, whatever
    /// follows (here a syntax error at the very end, which Yams would only report after
    /// composing everything before it).
    func testComposerStopsAtTheLimit() {
        var text = "a: &x 1\nb:\n"
        for i in 0..<10_000 { text += "  - [\(i), *x]\n" }
        text += "c: [\n"
        let composed = YAMLEventComposer.composed(Array(text.utf8), limit: 500)
        XCTAssertNil(composed.root)
        XCTAssertEqual(composed.nodes, 501)
        XCTAssertTrue(composed.diagnostic?.message.contains("more than 500") ?? false, "\(String(describing: composed.diagnostic))")
        let whole = YAMLEventComposer.composed(Array(text.utf8), limit: 1_000_000)
        XCTAssertTrue(whole.diagnostic?.message.hasPrefix("YAML syntax error:") ?? false, "\(String(describing: whole.diagnostic))")
    }

    /// The reader's budget (aliases counted each time they are read) still bounds what an
    /// alias fans out to, now that anchors and aliases are composed in one pass too.
    func testAliasFanOutStopsAtTheReadersBudget() {
        var text = "mapping:\n  id: m\n  source: s\n  targets: [t]\nentries:\n"
        text += "  - {item: x, targets: [&l {ref: \"t:1\", relationship: equal}]}\n"
        for i in 0..<300 { text += "  - {item: \"\(i)\", targets: [*l, *l, *l, *l, *l, *l, *l, *l]}\n" }
        let found = diagnostics(text, budget: 3_000)
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertTrue(found.first?.contains("too many YAML nodes after alias expansion (alias bomb?); the limit is 3000 nodes") ?? false, "\(found)")
    }

    // MARK: other composing errors, the same all three ways

    func testComposingErrorsAreTheSameAllThreeWays() {
        let entries = "entries:\n" + Self.filler
        XCTAssertEqual(diagnostics(Self.header + entries + "  - {item: \"1\", targets: *nowhere}\n"),
                       ["m.yaml:\(6 + Self.fillerLines):26: error: YAML syntax error: found undefined alias '*nowhere'"])
        XCTAssertEqual(diagnostics(Self.header + entries + "---\nmapping: {}\n"),
                       ["m.yaml:\(6 + Self.fillerLines):1: error: YAML syntax error: expected a single document in the stream but found another document"])
        let syntax = diagnostics(Self.header + entries + "  - {item: \"1\", targets: [}\n")
        XCTAssertEqual(syntax.count, 1)
        XCTAssertTrue(syntax.first?.hasPrefix("m.yaml:\(6 + Self.fillerLines):") ?? false, "\(syntax)")
        XCTAssertTrue(syntax.first?.contains("YAML syntax error:") ?? false, "\(syntax)")
        let nothing = diagnostics("# nothing\n")
        XCTAssertTrue(nothing.count == 1 && nothing[0].hasSuffix("error: file holds no YAML document"), "\(nothing)")
    }

    /// Anchors, aliases and tags are now composed by the one-pass reader: the same mapping as
    /// Yams' tree gives.
    func testAnchorsAliasesAndTagsReadAsYamsDoes() throws {
        var text = "mapping:\n  id: !!str m\n  title: &t タイトル\n  source: s\n  targets: [t]\nentries:\n" + Self.filler
        text += "  - &e {item: \"1\", targets: [&l {ref: \"t:1\", relationship: equal, note: *t}]}\n"
        text += "  - {item: \"2\", targets: [*l], note: *t, proposal: !!str 反映案}\n"
        let yams = try read(text, .yams).get()
        XCTAssertEqual(try read(text, .onePass).get(), yams)
        XCTAssertEqual(yams.entries.last?.note, "タイトル")
        XCTAssertEqual(yams.entries.last?.links.first?.note, "タイトル")
        XCTAssertEqual(yams.entries.count, 32)
    }
}
