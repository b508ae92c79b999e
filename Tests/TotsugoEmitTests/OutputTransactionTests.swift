import Foundation
import TestSupport
@testable import TotsugoEmit
import XCTest

/// The output folder as one transaction (issue 13): nothing outside it, nothing through a
/// planted link, all files of a run or none, nothing left behind.
final class OutputTransactionTests: XCTestCase {
    private func contents(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    private func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// Names that would leave the folder, or hide in it, are refused before anything is written.
    func testNamesOutsideTheFolderAreRefused() throws {
        let parent = TestPaths.temporaryFolder()
        let folder = parent + "/Output"
        for name in ["../pwned.csv", "./../pwned.csv", "a/b.csv", "", ".hidden.csv", "..", "x\u{1B}.csv", "a\\b.csv"] {
            XCTAssertThrowsError(try OutputWriter(folder: folder).write([("ok.csv", [1]), (name, Array("x".utf8))]), name) { error in
                XCTAssertTrue("\(error)".contains("cannot write"), "\(error)")
            }
        }
        XCTAssertEqual(contents(parent), [], "nothing written beside the output folder, and the folder made for the run removed")
    }

    /// A link planted where a temporary file used to go is neither followed nor replaced, and
    /// files are never created through links.
    func testPlantedLinksAreNotWrittenThrough() throws {
        let folder = TestPaths.temporaryFolder()
        let victim = TestPaths.temporaryFolder() + "/victim.txt"
        try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
        for pid in [getpid(), getpid() + 1] {
            try FileManager.default.createSymbolicLink(atPath: folder + "/.x.csv.tmp-\(pid)", withDestinationPath: victim)
        }
        try FileManager.default.createSymbolicLink(atPath: folder + "/\(OutputWriter.stagingPrefix)\(getpid())-0", withDestinationPath: "/tmp")
        try OutputWriter(folder: folder).write([("x.csv", Array("new".utf8))])
        XCTAssertEqual(text(victim), "precious")
        XCTAssertEqual(text(folder + "/x.csv"), "new")

        let link = folder + "/link.csv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        for path in [link, folder + "/x.csv"] {
            do {
                _ = try OutputFile(path: path)
                XCTFail("OutputFile opens exclusively, never through a link nor over an existing file: \(path)")
            } catch {}
        }
        XCTAssertEqual(text(victim), "precious")
        // Replacing a final file that is a link replaces the link, not its target.
        try OutputWriter(folder: folder).write([("link.csv", Array("replaced".utf8))])
        XCTAssertEqual(text(victim), "precious")
        XCTAssertEqual(text(link), "replaced")
    }

    /// A rename failing part-way puts back the files already replaced.
    func testFailedCommitRestoresEveryFile() throws {
        let folder = TestPaths.temporaryFolder()
        try OutputWriter(folder: folder).write([("a.csv", Array("old a".utf8)), ("b.csv", Array("old b".utf8))])
        let staging = try OutputWriter(folder: folder).staging()
        try staging.add(name: "a.csv", bytes: Array("new a".utf8))
        try staging.add(name: "new.csv", bytes: Array("new".utf8))
        try staging.add(name: "b.csv", bytes: Array("new b".utf8))
        var calls = 0
        XCTAssertThrowsError(try staging.commit(rename: { from, to in
            calls += 1
            if calls == 3 { errno = EIO; return -1 }
            return Foundation.rename(from, to)
        })) { error in XCTAssertTrue("\(error)".contains("new.csv"), "\(error)") }
        XCTAssertEqual(text(folder + "/a.csv"), "old a")
        XCTAssertEqual(text(folder + "/b.csv"), "old b")
        XCTAssertEqual(contents(folder), ["a.csv", "b.csv"], "the new file is taken back and the staging folder removed")
    }

    /// A folder where a file must go fails the run before any file is replaced.
    func testFolderInTheWayFailsBeforeAnyRename() throws {
        let folder = TestPaths.temporaryFolder()
        try OutputWriter(folder: folder).write([("a.csv", Array("old".utf8))])
        try FileManager.default.createDirectory(atPath: folder + "/b.xlsx", withIntermediateDirectories: false)
        XCTAssertThrowsError(try OutputWriter(folder: folder).write([("a.csv", Array("new".utf8)), ("b.xlsx", [1])])) { error in
            XCTAssertTrue("\(error)".contains("b.xlsx: cannot write: a folder has this name"), "\(error)")
        }
        XCTAssertEqual(text(folder + "/a.csv"), "old")
        XCTAssertEqual(contents(folder), ["a.csv", "b.xlsx"])
    }

    func testTwoOutputsWithOneNameFail() throws {
        let folder = TestPaths.temporaryFolder()
        XCTAssertThrowsError(try OutputWriter(folder: folder).write([("a.csv", [1]), ("a.csv", [2])])) { error in
            XCTAssertTrue("\(error)".contains("two outputs"), "\(error)")
        }
    }

    /// What a run killed outright left is removed by the next run; a run still going is left alone.
    func testStaleStagingOfDeadRunsIsRemoved() throws {
        let folder = TestPaths.temporaryFolder()
        let stale = folder + "/\(OutputWriter.stagingPrefix)999999-3"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: false)
        try "half".write(toFile: stale + "/big.xlsx", atomically: false, encoding: .utf8)
        var deadPID: pid_t = 4_000_000
        while kill(deadPID, 0) == 0 || errno != ESRCH { deadPID -= 1 }
        try "old".write(toFile: folder + "/.x.csv.tmp-\(deadPID)", atomically: false, encoding: .utf8)
        try "x".write(toFile: folder + "/x.csv", atomically: false, encoding: .utf8)
        try "live".write(toFile: folder + "/.y.csv.tmp-1", atomically: false, encoding: .utf8)  // pid 1 runs

        let running = try OutputWriter(folder: folder).staging()
        try running.add(name: "r.csv", bytes: [1])
        try OutputWriter(folder: folder).write([("a.csv", [1])])
        XCTAssertEqual(contents(folder), [".y.csv.tmp-1", running.stagingFolder.split(separator: "/").last.map(String.init)!, "a.csv", "x.csv"].sorted())
        XCTAssertEqual(contents(running.stagingFolder), ["r.csv"], "the live run's staging is untouched")
        XCTAssertEqual(try running.commit(), [folder + "/r.csv"])
        XCTAssertEqual(contents(folder), [".y.csv.tmp-1", "a.csv", "r.csv", "x.csv"])
    }

    /// Dropping a staging (an error part-way) leaves the folder as it was; one made for the
    /// run is removed again.
    func testDiscardLeavesNothing() throws {
        let parent = TestPaths.temporaryFolder()
        do {
            let staging = try OutputWriter(folder: parent + "/new").staging()
            try staging.add(name: "a.csv", bytes: [1])
        }
        XCTAssertEqual(contents(parent), [])

        let folder = parent + "/kept"
        try OutputWriter(folder: folder).write([("a.csv", Array("old".utf8))])
        let staging = try OutputWriter(folder: folder).staging()
        try staging.add(name: "a.csv", bytes: Array("new".utf8))
        OutputWriter.discardActiveStagings()
        XCTAssertEqual(contents(folder), ["a.csv"], "what a signal handler calls removes the staging folder")
        staging.discard()
        XCTAssertEqual(text(folder + "/a.csv"), "old")
    }
}

/// What a QA pass found after the first fixes (issue 13).
final class OutputTransactionQATests: XCTestCase {
    private func contents(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    private func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// A FIFO (or device) where a file must go is never replaced.
    func testFIFOAtAFinalNameIsNotReplaced() throws {
        let folder = TestPaths.temporaryFolder()
        XCTAssertEqual(mkfifo(folder + "/a.md", 0o644), 0)
        XCTAssertThrowsError(try OutputWriter(folder: folder).write([("a.md", [1])])) { error in
            XCTAssertTrue("\(error)".contains("only files are replaced"), "\(error)")
        }
        var info = stat()
        XCTAssertEqual(lstat(folder + "/a.md", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
        XCTAssertEqual(contents(folder), ["a.md"])
    }

    /// Only temporary files of earlier versions named after an output beside them are removed;
    /// a user's own `.something.tmp-<pid>` stays.
    func testOnlyOurOldTemporariesAreRemoved() throws {
        let folder = TestPaths.temporaryFolder()
        var dead: pid_t = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        for name in ["x.csv", ".x.csv.tmp-\(dead)", ".bashrc.tmp-\(dead)", ".notes.tmp-\(dead)", ".y.csv.tmp-\(dead)"] {
            try "x".write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        }
        try OutputWriter(folder: folder).write([("a.csv", [1])])
        XCTAssertEqual(contents(folder), [".bashrc.tmp-\(dead)", ".notes.tmp-\(dead)", ".y.csv.tmp-\(dead)", "a.csv", "x.csv"])
    }

    /// When the old file cannot be kept as a hard link (another user's file where hard links
    /// are protected), it is moved aside instead, and put back when a later rename fails.
    func testOldFileMovedAsideWhenItCannotBeLinked() throws {
        let folder = TestPaths.temporaryFolder()
        try OutputWriter(folder: folder).write([("a.md", Array("old a".utf8)), ("z.html", Array("old z".utf8))])
        let staging = try OutputWriter(folder: folder).staging()
        try staging.add(name: "a.md", bytes: Array("new a".utf8))
        try staging.add(name: "z.html", bytes: Array("new z".utf8))
        var renames = 0
        XCTAssertThrowsError(try staging.commit(rename: { from, to in
            renames += 1
            if renames == 2 { errno = EPERM; return -1 }
            return Foundation.rename(from, to)
        }, link: { _, _ in errno = EPERM; return -1 }))
        XCTAssertEqual(text(folder + "/a.md"), "old a")
        XCTAssertEqual(text(folder + "/z.html"), "old z")
        XCTAssertEqual(contents(folder), ["a.md", "z.html"])
    }

    /// A run killed while renaming left its journal: the next run puts the old files back
    /// before it writes, so the folder never stays half old, half new.
    func testKilledCommitIsRolledBackByTheNextRun() throws {
        let folder = TestPaths.temporaryFolder()
        let stale = folder + "/\(OutputWriter.stagingPrefix)999999-0"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: false)
        // a.csv was renamed in (its old file kept as .old-a.csv); b.csv was not yet.
        try "new a".write(toFile: folder + "/a.csv", atomically: false, encoding: .utf8)
        try "old a".write(toFile: stale + "/.old-a.csv", atomically: false, encoding: .utf8)
        try "old b".write(toFile: folder + "/b.csv", atomically: false, encoding: .utf8)
        XCTAssertEqual(link(folder + "/b.csv", stale + "/.old-b.csv"), 0)
        try "new b".write(toFile: stale + "/b.csv", atomically: false, encoding: .utf8)
        // c.csv was new in that run and renamed in.
        try "new c".write(toFile: folder + "/c.csv", atomically: false, encoding: .utf8)
        try "a.csv\nb.csv\nc.csv".write(toFile: stale + "/.journal", atomically: false, encoding: .utf8)

        try OutputWriter(folder: folder).write([("other.md", [1])])
        XCTAssertEqual(text(folder + "/a.csv"), "old a")
        XCTAssertEqual(text(folder + "/b.csv"), "old b")
        XCTAssertEqual(contents(folder), ["a.csv", "b.csv", "other.md"])
    }

    /// A run that must wait for another run's lock says so before it waits.
    func testWaitingForTheLockIsAnnounced() throws {
        let folder = TestPaths.temporaryFolder()
        let held = open(folder, O_RDONLY | O_DIRECTORY)
        XCTAssertEqual(flock(held, LOCK_EX), 0)
        let announced = expectation(description: "onWait called")
        let done = expectation(description: "written")
        let writer = OutputWriter(folder: folder) { announced.fulfill() }
        DispatchQueue.global().async {
            do {
                try writer.write([("a.csv", [1])])
            } catch {
                XCTFail("\(error)")
            }
            done.fulfill()
        }
        wait(for: [announced], timeout: 10)
        XCTAssertEqual(contents(folder), [], "nothing written while the other run holds the lock")
        flock(held, LOCK_UN)
        close(held)
        wait(for: [done], timeout: 10)
        XCTAssertEqual(contents(folder), ["a.csv"])
    }
}
