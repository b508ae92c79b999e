import Foundation
import XCTest

/// Paths and helpers shared by the test targets.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    public static func fixture(_ relative: String) -> String {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative).path
    }

    public static func golden(_ relative: String) -> String {
        root.appendingPathComponent("Tests/Golden").appendingPathComponent(relative).path
    }

    /// A fresh temporary folder, removed at process exit is not needed: the OS temp is fine.
    public static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "totsugo-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Compares output with a committed golden file. On mismatch, fails with a line diff.
/// Set TOTSUGO_UPDATE_GOLDEN=1 to rewrite the golden file instead (then read its git diff).
public func assertGolden(_ actual: [UInt8], _ goldenRelative: String, file: StaticString = #filePath, line: UInt = #line) {
    let path = TestPaths.golden(goldenRelative)
    if ProcessInfo.processInfo.environment["TOTSUGO_UPDATE_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(actual)), "cannot write \(path)", file: file, line: line)
        return
    }
    guard let expected = FileManager.default.contents(atPath: path) else {
        XCTFail("golden file \(goldenRelative) missing; run with TOTSUGO_UPDATE_GOLDEN=1", file: file, line: line)
        return
    }
    if Array(expected) == actual { return }
    XCTFail("output differs from golden \(goldenRelative):\n" + lineDiff(expected: Array(expected), actual: actual), file: file, line: line)
}

/// A readable unified-style diff of two texts (first 40 differing lines).
public func lineDiff(expected: [UInt8], actual: [UInt8]) -> String {
    let a = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
    let b = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
    // Longest common subsequence table over lines; files here are small.
    var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    var out: [String] = []
    var i = 0, j = 0
    while (i < a.count || j < b.count) && out.count < 40 {
        if i < a.count, j < b.count, a[i] == b[j] { i += 1; j += 1 }
        else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] { out.append("+\(j + 1): \(b[j])"); j += 1 }
        else { out.append("-\(i + 1): \(a[i])"); i += 1 }
    }
    return out.joined(separator: "\n")
}
