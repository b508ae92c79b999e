import Foundation
import TestSupport
import TotsugoCore
import TotsugoEmit
import TotsugoMatch
import TotsugoPipeline
import XCTest

/// Progress of a run (issue 19): the library reports steps with counts through the sink; the
/// executable shows them on stderr only when it is a terminal, never when piped or under CI.
final class ProgressTests: XCTestCase {
    func testBuildReportsItemsReadRowsMadeAndFilesWritten() throws {
        let folder = try fixtureWorkspace()
        let log = DiagnosticLog()
        _ = try Pipeline.build(BuildRequest(catalogs: folder + "/Catalogs", mappings: folder + "/Mappings", out: folder + "/Output"),
                               diagnostics: log)
        let steps = log.progressSteps
        let workspace = try Workspace.load([folder + "/Catalogs", folder + "/Mappings"], diagnostics: DiagnosticLog())
        let items = workspace.resolved[0].targets.reduce(workspace.resolved[0].source.items.count) { $0 + $1.items.count }
        let rows = CrossReferenceTable(workspace.resolved[0]).rows.count
        XCTAssertEqual(workspace.catalogs.count, 3)
        XCTAssertEqual(steps.first, ProgressStep("read", counts: [.init(3, "catalog"), .init(items, "item"), .init(1, "mapping")]))
        XCTAssertEqual(steps.dropFirst().first, ProgressStep("table", "industry-to-target", counts: [.init(rows, "row")]))
        XCTAssertEqual(steps.filter { $0.phase == "wrote" }.map(\.subject).sorted(),
                       ["csv", "html", "md", "xlsx"].map { "industry-to-target.\($0)" })
        XCTAssertTrue(steps.filter { $0.phase == "wrote" && !$0.subject.hasSuffix(".xlsx") }.allSatisfy { $0.counts == [.init(rows, "row")] })
        XCTAssertEqual(log.diagnostics, [], "progress is not a diagnostic")
    }

    // MARK: the binary

    /// The binary next to the test bundle, else .build/debug.
    static let binary: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("totsugo").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for candidate in Bundle.allBundles.map({ $0.bundleURL.deletingLastPathComponent().appendingPathComponent("totsugo").path })
        where FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return TestPaths.root.appendingPathComponent(".build/debug/totsugo").path
    }()

    /// Runs `arguments` in `folder` with `environment` added (CI, TERM and TOTSUGO_PROGRESS
    /// removed first); stops it after 60 s. Returns (status, stdout, stderr).
    func run(_ arguments: [String], in folder: String, environment: [String: String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        for key in ["CI", "TERM", "TOTSUGO_PROGRESS", "TOTSUGO_PROGRESS_AFTER", "TOTSUGO_TRACE"] { env[key] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        final class Box: @unchecked Sendable { var data = Data() }
        let stdoutBox = Box(), stderrBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { stdoutBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { stderrBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            XCTFail("\(arguments) did not end within 60 s")
        }
        process.waitUntilExit()
        group.wait()
        return (process.terminationStatus, String(decoding: stdoutBox.data, as: UTF8.self), String(decoding: stderrBox.data, as: UTF8.self))
    }

    /// Runs the binary with its stderr on a pseudo-terminal (python3's pty); what the terminal
    /// showed comes back on stdout after a `--- terminal ---` line.
    func runOnTerminal(_ arguments: [String], in folder: String, environment: [String: String]) throws -> (Int32, String, String) {
        let script = """
        import os, pty, subprocess, sys
        master, slave = pty.openpty()
        child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        out = child.stdout.read()
        status = child.wait(timeout=60)
        sys.stdout.buffer.write(out + b"--- terminal ---\\n" + shown)
        sys.exit(status)
        """
        let (status, stdout, stderr) = try run(["/usr/bin/python3", "-c", script] + arguments, in: folder, environment: environment)
        let parts = stdout.components(separatedBy: "--- terminal ---\n")
        XCTAssertEqual(parts.count, 2, stderr)
        return (status, parts.first ?? "", (parts.last ?? "").replacingOccurrences(of: "\r\n", with: "\n"))
    }

    func testNothingOnStderrWhenItIsNotATerminal() throws {
        let folder = try fixtureWorkspace()
        let (status, stdout, stderr) = try run([Self.binary, "build"], in: folder, environment: ["TOTSUGO_PROGRESS_AFTER": "0"])
        XCTAssertEqual(status, 0, stderr)
        XCTAssertEqual(stderr, "", "piped stderr holds no progress")
        XCTAssertEqual(stdout, ["csv", "md", "xlsx", "html"].map { "wrote Output/industry-to-target.\($0)\n" }.joined())
    }

    func testProgressOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { throw XCTSkip("python3 (pty) not installed") }
        let folder = try fixtureWorkspace()
        let (status, stdout, terminal) = try runOnTerminal([Self.binary, "build"], in: folder, environment: ["TOTSUGO_PROGRESS_AFTER": "0"])
        XCTAssertEqual(status, 0, terminal)
        XCTAssertEqual(stdout, ["csv", "md", "xlsx", "html"].map { "wrote Output/industry-to-target.\($0)\n" }.joined(), "stdout unchanged")
        let lines = terminal.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 6, terminal)
        XCTAssertTrue(lines[0].hasPrefix("totsugo: read: 3 catalogs, "), terminal)
        XCTAssertTrue(lines[0].contains(" items, 1 mapping ["), terminal)
        XCTAssertTrue(lines[1].hasPrefix("totsugo: table industry-to-target: "), terminal)
        for format in ["csv", "md", "xlsx", "html"] {
            XCTAssertTrue(lines.contains { $0.hasPrefix("totsugo: wrote industry-to-target.\(format): ") && $0.hasSuffix(" s]") }, terminal)
        }
    }

    func testNothingOnATerminalUnderCIOrForAShortRun() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { throw XCTSkip("python3 (pty) not installed") }
        let folder = try fixtureWorkspace()
        let (ciStatus, _, ci) = try runOnTerminal([Self.binary, "build"], in: folder, environment: ["TOTSUGO_PROGRESS_AFTER": "0", "CI": "true"])
        XCTAssertEqual(ciStatus, 0)
        XCTAssertEqual(ci, "", "CI: nothing")
        let (status, _, short) = try runOnTerminal([Self.binary, "build"], in: folder, environment: ["TOTSUGO_PROGRESS_AFTER": "30"])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(short, "", "a run shorter than the delay shows nothing")
    }
}
