import Foundation
import TestSupport
import XCTest

/// Output trust through the binary (issue 13): signals and concurrent runs.
final class OutputTrustCLITests: XCTestCase {
    /// A workspace large enough that a build takes a while: `items` source items, each mapped
    /// to one of 200 target items; `title` ends up in every output file.
    private func largeWorkspace(items: Int, title: String) throws -> String {
        let folder = TestPaths.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/Catalogs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/Mappings", withIntermediateDirectories: true)
        var source = "---\nid: src\ntitle: \(title)\nshort-title: \(title)\npublisher: tests\nversion: 1\nlevels: 項目\ncompleteness: complete (test)\n---\n"
        var target = "---\nid: tgt\ntitle: 対象\nshort-title: 対象\npublisher: tests\nversion: 1\nlevels: 項目\ncompleteness: complete (test)\n---\n"
        for index in 1...items { source += "# \(index). | 項目\(index)\n情報資産を台帳で管理し、定期的に見直す。\(index)\n\n" }
        for index in 1...200 { target += "# \(index). | 対策\(index)\n対策の本文。\n\n" }
        var mapping = "mapping:\n  id: big\n  title: \(title)\n  source: src\n  targets: [tgt]\n  status: draft\nentries:\n"
        for index in 1...items {
            mapping += "  - item: \"\(index)\"\n    targets:\n      - ref: tgt:\(index % 200 + 1)\n        relationship: subset-of\n"
        }
        try source.write(toFile: folder + "/Catalogs/src.txt", atomically: false, encoding: .utf8)
        try target.write(toFile: folder + "/Catalogs/tgt.txt", atomically: false, encoding: .utf8)
        try mapping.write(toFile: folder + "/Mappings/big.yaml", atomically: false, encoding: .utf8)
        return folder
    }

    private func start(_ arguments: [String], in directory: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: totsugoBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits at most two minutes, then kills the process (a hung run must not hang the suite).
    private func wait(for process: Process) {
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            XCTFail("the run did not end within two minutes")
        }
        process.waitUntilExit()
    }

    private func snapshot(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return files
    }

    /// SIGTERM or SIGINT while files are staged: the process ends by the signal, the output
    /// folder is exactly as before and no staging is left behind.
    func testSignalLeavesOutputAsItWas() throws {
        let workspace = try largeWorkspace(items: 20_000, title: "一回目")
        XCTAssertEqual(try run(["build", "--out", "Output"], in: workspace).status, 0)
        let before = try snapshot(workspace + "/Output")
        XCTAssertEqual(before.count, 4)
        for signalNumber in [SIGTERM, SIGINT] {
            let process = try start(["build", "--out", "Output"], in: workspace)
            // Wait until the run has begun staging its files, then interrupt it.
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline,
                  !(try FileManager.default.contentsOfDirectory(atPath: workspace + "/Output")).contains(where: { $0.hasPrefix(".totsugo-run-") }) {
                usleep(1000)
            }
            XCTAssertTrue(process.isRunning, "the build ended before it could be interrupted; make the workspace larger")
            kill(process.processIdentifier, signalNumber)
            wait(for: process)
            XCTAssertEqual(process.terminationReason, .uncaughtSignal)
            XCTAssertEqual(process.terminationStatus, signalNumber)
            XCTAssertEqual(try snapshot(workspace + "/Output"), before, "signal \(signalNumber)")
        }
    }

    /// Two builds of different inputs into one folder at once: afterwards every file of the
    /// mapping comes from the same run.
    func testConcurrentBuildsDoNotMixFiles() throws {
        let first = try largeWorkspace(items: 3_000, title: "一回目の表題")
        let second = try largeWorkspace(items: 3_000, title: "二回目の表題")
        let out = TestPaths.temporaryFolder() + "/Output"
        for round in 0..<3 {
            let a = try start(["build", "--out", out, "--format", "csv,md,html"], in: first)
            let b = try start(["build", "--out", out, "--format", "csv,md,html"], in: second)
            wait(for: a)
            wait(for: b)
            XCTAssertEqual([a.terminationStatus, b.terminationStatus], [0, 0])
            let files = try snapshot(out)
            XCTAssertEqual(files.keys.sorted(), ["big.csv", "big.html", "big.md"], "round \(round)")
            let titles = files.values.map { String(decoding: $0, as: UTF8.self).contains("一回目の表題") }
            XCTAssertEqual(Set(titles).count, 1, "round \(round): files from two runs mixed")
        }
    }
}
