import Foundation
@testable import TotsugoCore
import XCTest

/// The fast paths in Normalization (issue 7 profile fixes) give exactly what the Foundation
/// calls they replace give, on random text built from the awkward cases.
final class NormalizationFastPathTests: XCTestCase {
    static let pieces = ["a", "Z", "1", " ", "\t", "\n", "\r", "\r\n", "\u{3000}", "\u{00A0}", "\u{2028}", "\u{0085}",
                         "\u{000B}", "\u{000C}", "e\u{0301}", "\u{0301}", "カ\u{3099}", "ｶﾞ", "ガ", "漢字", "Ａ１", "－", "〜",
                         "No.", "/", "\u{2003}", "\u{2000}", "\u{F900}", "😀", "\u{200B}", "\u{202F}", "\u{1680}", "\u{205F}", "Ⅻ", "①", "\\", "|", ","]

    func randomText(_ rng: inout SystemRandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...12, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
    }

    func referenceBlock(_ input: String) -> String {
        var lines: [String] = []
        for raw in input.precomposedStringWithCanonicalMapping.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty && (lines.isEmpty || lines.last == "") { continue }
            lines.append(line)
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    func referenceKey(_ input: String) -> String {
        let compatible = input.decomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping
        var text = ""
        for ch in compatible {
            if Normalization.dashes.contains(ch) { text.append("-") }
            else if Normalization.tildes.contains(ch) { text.append("~") }
            else { text.append(ch) }
        }
        var lowered = ""
        for ch in text.filter({ !$0.isWhitespace }) {
            if ch.isASCII { lowered.append(Character(ch.lowercased())) } else { lowered.append(ch) }
        }
        return lowered.split(separator: "/", omittingEmptySubsequences: false)
            .map { Normalization.dropNumberPrefix(String($0)) }.joined(separator: "/")
    }

    func testTrimSetsAreFoundations() {
        for value in 0..<0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = Substring("x" + String(scalar))
            XCTAssertEqual(Normalization.trimmed(text, newlines: false), String(text).trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
            XCTAssertEqual(Normalization.trimmed(text, newlines: true), String(text).trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
        }
    }

    func testFastPathsMatchFoundation() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = randomText(&rng)
            XCTAssertEqual(Normalization.block(text), referenceBlock(text), "block of \(text.debugDescription)")
            XCTAssertEqual(Normalization.display(text),
                           text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines),
                           "display of \(text.debugDescription)")
            XCTAssertEqual(Normalization.key(text), referenceKey(text), "key of \(text.debugDescription)")
            XCTAssertEqual(Normalization.nfc(text), text.precomposedStringWithCanonicalMapping, "nfc of \(text.debugDescription)")
        }
    }

    func testASCIIKeyMatchesFoundationOnNumberPrefixes() {
        let pieces = ["no", "No", "NO.", "n", "o", ".", "5", "x", "/", " ", "\t", "_", "\r\n"]
        var texts = [""]
        for _ in 0..<4 { texts = texts.flatMap { text in pieces.map { text + $0 } } }
        for text in texts {
            XCTAssertEqual(Normalization.key(text), referenceKey(text), "key of \(text.debugDescription)")
        }
        for text in ["a:b", "a:b:c", ":b", "a:", ":", "a", "", " A :No.1/x", "a\r\n:b", "a::b"] {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let catalog = Normalization.key(String(parts[0]))
            let item = parts.count == 2 ? Normalization.key(String(parts[1])) : nil
            let expected = catalog.isEmpty || item == "" ? nil : ItemReference(catalog: catalog, item: item)
            XCTAssertEqual(ItemReference(parsing: text), expected, text.debugDescription)
        }
        for raw in Relationship.allCases.map(\.rawValue) + ["Equal", "equal-to", "Subset_Of", " superset-of ", "related"] {
            let key = Normalization.key(raw).replacingOccurrences(of: "_", with: "-")
            XCTAssertEqual(Relationship(parsing: raw), key == "equal-to" ? .equal : Relationship(rawValue: key), raw)
        }
    }
}
