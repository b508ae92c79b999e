import Foundation
import TotsugoCore

/// Writes the files of one run into an output folder as one transaction.
///
/// - Every file is first written into a private staging folder inside the output folder
///   (`.totsugo-run-<pid>-<n>`, mode 0700, opened exclusively and never through a link), so
///   nothing in the output folder changes until every file of the run is complete.
/// - `commit()` then renames the staged files into place while holding a lock on the output
///   folder, so two runs into the same folder never interleave their files: the folder holds
///   the files of one run or the other, each set whole. Each rename is atomic; if one fails,
///   the files already replaced are put back as they were (the old files are kept as hard
///   links in the staging folder until the commit is done).
/// - A run that ends without committing (an error, a signal the executable catches) removes
///   its staging folder; one killed outright leaves it behind, and the next run into the
///   folder removes it (a staging folder is stale when no process holds its lock). Temporary
///   files of earlier versions (`.<name>.tmp-<pid>` of a process that no longer runs) go too.
/// - A file name is one plain path component (no `/`, not hidden): every path written is
///   inside the output folder.
public struct OutputWriter: Sendable {
    public let folder: String

    /// Called (once per wait) when another run holds the folder's lock, before waiting for it.
    public var onWait: (@Sendable () -> Void)?

    public init(folder: String, onWait: (@Sendable () -> Void)? = nil) {
        self.folder = folder
        self.onWait = onWait
    }

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    /// Prefix of the staging folders; no output file may start with it (nor with any dot).
    static let stagingPrefix = ".totsugo-run-"

    /// Files staged in a private folder, renamed into place by `commit()`. Until then nothing
    /// in the output folder is changed except the staging folder, which `discard()` (or
    /// dropping the staging without committing) deletes again, together with the output
    /// folder if staging created it. `add`/`addFile` may run on several threads at once;
    /// `commit` and `discard` come after they all returned.
    public final class Staging: @unchecked Sendable {
        public let folder: String
        /// The private folder the files are written into before the commit.
        public let stagingFolder: String
        private var staged: [(temporary: String, final: String)] = []
        private var names: Set<String> = []
        private var createdFolder: String?
        private var finished = false
        /// Descriptor of the staging folder, locked (flock) for as long as this run uses it.
        private var stagingDescriptor: Int32 = -1
        private let lock = NSLock()

        private let onWait: (@Sendable () -> Void)?

        fileprivate init(folder: String, onWait: (@Sendable () -> Void)?) throws {
            self.folder = folder
            self.onWait = onWait
            let existed = FileManager.default.fileExists(atPath: folder)
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw Failure(path: folder, reason: Self.reason(error))
            }
            var status = stat()
            guard stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                throw Failure(path: folder, reason: "not a folder")
            }
            if !existed { createdFolder = folder }
            // Creating the staging folder and clearing stale ones happen under the folder lock,
            // so no other run can take this new folder for a stale one before it is locked.
            let (stagingFolder, descriptor) = try Self.withFolderLock(folder, onWait: onWait) { folderDescriptor in
                Self.removeStale(in: folder)
                return try Self.makeStagingFolder(in: folder)
            }
            self.stagingFolder = stagingFolder
            self.stagingDescriptor = descriptor
            ActiveStagings.shared.insert(stagingFolder)
        }

        deinit { discard() }

        /// Writes `bytes` to the staged file for `name`; the caller can drop its bytes afterwards.
        public func add(name: String, bytes: [UInt8]) throws {
            try addFile(name: name) { file in try file.write(bytes) }
        }

        /// Stages `name` by letting `write` fill its file, created exclusively in the staging
        /// folder; returns what `write` returns. Safe to call from several threads at once: each
        /// call writes its own file; `commit()` must still come after every call returned.
        @discardableResult
        public func addFile<Result>(name: String, write: (inout OutputFile) throws -> Result) throws -> Result {
            let (temporary, final) = try reserve(name)
            do {
                var file = try OutputFile(path: temporary)
                let result = try write(&file)
                try file.close()
                return result
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(path: final, reason: "cannot write \(temporary): \(error)")
            }
        }

        private func reserve(_ name: String) throws -> (temporary: String, final: String) {
            let final = (folder as NSString).appendingPathComponent(name)
            if let problem = OutputWriter.problem(withName: name) {
                throw Failure(path: final, reason: problem)
            }
            lock.lock()
            defer { lock.unlock() }
            precondition(!finished, "OutputWriter.Staging used after commit or discard")
            guard names.insert(name).inserted else {
                throw Failure(path: final, reason: "two outputs of this run have this name")
            }
            let temporary = (stagingFolder as NSString).appendingPathComponent(name)
            staged.append((temporary, final))
            return (temporary, final)
        }

        /// Renames every staged file into place, in the order of their names (files may be
        /// staged from several threads), holding the folder lock; returns the final paths. On failure the files already replaced are restored and no
        /// file of the run is left in place.
        public func commit() throws -> [String] {
            try commit(rename: { Foundation.rename($0, $1) })
        }

        /// The system calls the commit makes, to be given (tests make them fail part-way).
        typealias Call = (String, String) -> Int32

        /// `commit()` with the rename step given (tests make it fail part-way).
        ///
        /// Before the first rename, the names are written to a journal in the staging folder;
        /// each old file is kept in the staging folder (a hard link, else moved there) until
        /// every rename succeeded. A failure puts the old files back; a run killed part-way
        /// leaves the journal, and the next run into the folder puts them back the same way
        /// (`recover`). The journal is removed once every rename succeeded.
        func commit(rename: Call, link: Call = { Foundation.link($0, $1) }) throws -> [String] {
            precondition(!finished, "OutputWriter.Staging committed twice")
            defer { discard() }
            return try ActiveStagings.shared.whileCommitting {
                try Self.withFolderLock(folder, onWait: onWait) { _ in
                    staged.sort { $0.final < $1.final }
                    try Self.preflight(staged)
                    let names = staged.map { ($0.final as NSString).lastPathComponent }
                    let journal = (stagingFolder as NSString).appendingPathComponent(Self.journalName)
                    try Self.writeJournal(names, to: journal)
                    var done: [String] = []
                    for (name, item) in zip(names, staged) {
                        let backup = (stagingFolder as NSString).appendingPathComponent(Self.backupPrefix + name)
                        var failure: Failure?
                        var existing = stat()
                        if lstat(item.final, &existing) == 0, link(item.final, backup) != 0, Foundation.rename(item.final, backup) != 0 {
                            failure = Failure(path: item.final, reason: "cannot keep the old file while replacing it: \(String(cString: strerror(errno)))")
                        } else if rename(item.temporary, item.final) != 0 {
                            failure = Failure(path: item.final, reason: String(cString: strerror(errno)))
                        }
                        if let failure {
                            // This name was not replaced: put back its old file if it was moved,
                            // then every name already replaced.
                            Self.undo(name, in: folder, staging: stagingFolder, replaced: false)
                            for name in done.reversed() { Self.undo(name, in: folder, staging: stagingFolder, replaced: true) }
                            unlink(journal)
                            throw failure
                        }
                        done.append(name)
                    }
                    unlink(journal)
                    finished = true
                    createdFolder = nil
                    return staged.map(\.final)
                }
            }
        }

        static let journalName = ".journal"
        static let backupPrefix = ".old-"

        private static func writeJournal(_ names: [String], to path: String) throws {
            var file = try OutputFile(path: path)
            try file.write(Array(names.joined(separator: "\n").utf8))
            try file.sync()
            try file.close()
        }

        /// Puts back the old file of `name` (or removes the new one where there was none):
        /// `replaced` when the staged file was renamed into place.
        private static func undo(_ name: String, in folder: String, staging: String, replaced: Bool) {
            let final = (folder as NSString).appendingPathComponent(name)
            let backup = (staging as NSString).appendingPathComponent(backupPrefix + name)
            var info = stat()
            let hasBackup = lstat(backup, &info) == 0
            if replaced {
                if hasBackup { _ = Foundation.rename(backup, final) } else { unlink(final) }
            } else if hasBackup, lstat(final, &info) != 0 {
                _ = Foundation.rename(backup, final)
            }
        }

        /// Rolls back the commit a killed run left part-way (its journal is still there): a
        /// name whose staged file is gone was renamed into place.
        private static func recover(_ staging: String, in folder: String) {
            let journal = (staging as NSString).appendingPathComponent(journalName)
            guard let text = try? String(contentsOfFile: journal, encoding: .utf8) else { return }
            for name in text.split(separator: "\n").map(String.init) where problem(withName: name) == nil {
                var info = stat()
                let renamed = lstat((staging as NSString).appendingPathComponent(name), &info) != 0
                undo(name, in: folder, staging: staging, replaced: renamed)
            }
        }

        private static func problem(withName name: String) -> String? { OutputWriter.problem(withName: name) }

        /// Deletes the staging folder and what it holds (and the output folder, if staging
        /// created it and it is empty). Does nothing once done.
        public func discard() {
            lock.lock()
            defer { lock.unlock() }
            if stagingDescriptor < 0 { return }
            finished = true
            Self.removeTree(stagingFolder)
            Foundation.close(stagingDescriptor)
            stagingDescriptor = -1
            ActiveStagings.shared.remove(stagingFolder)
            staged = []
            if let createdFolder { rmdir(createdFolder) }
        }

        /// Fails before anything is renamed when a final name is taken by something other
        /// than a file or a symbolic link (a folder, a device, a FIFO, a socket): it is never
        /// replaced.
        private static func preflight(_ staged: [(temporary: String, final: String)]) throws {
            for item in staged {
                var status = stat()
                guard lstat(item.final, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFREG, S_IFLNK: continue
                case S_IFDIR: throw Failure(path: item.final, reason: "a folder has this name")
                default: throw Failure(path: item.final, reason: "a device, FIFO or socket has this name; only files are replaced")
                }
            }
        }

        private static func withFolderLock<T>(_ folder: String, onWait: (@Sendable () -> Void)?, _ body: (Int32) throws -> T) throws -> T {
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { throw Failure(path: folder, reason: String(cString: strerror(errno))) }
            defer { Foundation.close(descriptor) }
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return try locked(descriptor, body) }
            onWait?()
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else { throw Failure(path: folder, reason: "cannot lock: \(String(cString: strerror(errno)))") }
            }
            return try locked(descriptor, body)
        }

        private static func locked<T>(_ descriptor: Int32, _ body: (Int32) throws -> T) rethrows -> T {
            defer { flock(descriptor, LOCK_UN) }
            return try body(descriptor)
        }

        private static func makeStagingFolder(in folder: String) throws -> (String, Int32) {
            for attempt in 0..<1000 {
                let path = (folder as NSString).appendingPathComponent("\(stagingPrefix)\(getpid())-\(attempt)")
                guard mkdir(path, 0o700) == 0 else {
                    if errno == EEXIST { continue }
                    throw Failure(path: path, reason: String(cString: strerror(errno)))
                }
                let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                    let reason = String(cString: strerror(errno))
                    if descriptor >= 0 { Foundation.close(descriptor) }
                    rmdir(path)
                    throw Failure(path: path, reason: reason)
                }
                return (path, descriptor)
            }
            throw Failure(path: folder, reason: "cannot make a staging folder")
        }

        /// Removes staging folders no process holds, and `.<name>.tmp-<pid>` files (written by
        /// earlier versions) of processes that no longer run.
        private static func removeStale(in folder: String) {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for entry in entries {
                let path = (folder as NSString).appendingPathComponent(entry)
                if entry.hasPrefix(stagingPrefix) {
                    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    guard descriptor >= 0 else { continue }
                    if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                        recover(path, in: folder)
                        removeTree(path)
                    }
                    Foundation.close(descriptor)
                } else if let final = legacyTemporaryFinalName(entry), entries.contains(final) {
                    unlink(path)
                }
            }
        }

        /// `x.csv` for `.x.csv.tmp-<pid>`, a temporary file of an earlier version, when its
        /// process no longer runs and `x.csv` is a name this tool writes (an output format's
        /// extension); nil for anything else (a user's own `.notes.tmp-1234` stays).
        private static func legacyTemporaryFinalName(_ entry: String) -> String? {
            guard entry.hasPrefix("."), let range = entry.range(of: ".tmp-", options: .backwards),
                  let pid = pid_t(entry[range.upperBound...]), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { return nil }
            let final = String(entry[entry.index(after: entry.startIndex)..<range.lowerBound])
            let known: Set<String> = ["csv", "md", "xlsx", "html", "docx", "json", "txt", "xml"]
            return known.contains((final as NSString).pathExtension.lowercased()) ? final : nil
        }

        /// Deletes a staging folder and the files in it (it holds plain files only; links are
        /// removed, never followed).
        fileprivate static func removeTree(_ path: String) {
            if let entries = try? FileManager.default.contentsOfDirectory(atPath: path) {
                for entry in entries { unlink((path as NSString).appendingPathComponent(entry)) }
            }
            rmdir(path)
        }

        private static func reason(_ error: any Error) -> String {
            (error as NSError).localizedDescription
        }
    }

    /// Starts staging files into `folder` (created if missing); commit or discard it (dropping
    /// it discards).
    public func staging() throws -> Staging { try Staging(folder: folder, onWait: onWait) }

    /// Writes every (file name, bytes) pair as one transaction; returns the paths written, in order.
    @discardableResult
    public func write(_ files: [(name: String, bytes: [UInt8])]) throws -> [String] {
        let staging = try staging()
        defer { staging.discard() }
        for file in files { try staging.add(name: file.name, bytes: file.bytes) }
        return try staging.commit()
    }

    /// Why `name` cannot be an output file name, or nil when it can: it must be one path
    /// component, not hidden, without control characters.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty { return "an output file needs a name" }
        if name.contains("/") || name.contains("\\") { return "an output file name must not contain '/' or '\\'" }
        if name.hasPrefix(".") { return "an output file name must not start with '.'" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "an output file name must not contain control characters"
        }
        if name.utf8.count > 255 { return "an output file name must be at most 255 bytes" }
        return nil
    }

    /// Removes the staging folders of every run not yet committed in this process. For the
    /// executable's signal handlers: an interrupted run leaves the output folder as it was.
    /// Waits for a commit in progress to finish.
    public static func discardActiveStagings() {
        ActiveStagings.shared.removeAll()
    }
}

/// The staging folders of this process, for `discardActiveStagings()`.
private final class ActiveStagings: @unchecked Sendable {
    static let shared = ActiveStagings()
    private var folders: Set<String> = []
    private let lock = NSLock()
    /// Held while a commit renames files, so a signal waits for it to end.
    private let commitLock = NSLock()

    func insert(_ folder: String) { lock.withLock { _ = folders.insert(folder) } }
    func remove(_ folder: String) { lock.withLock { _ = folders.remove(folder) } }

    func whileCommitting<T>(_ body: () throws -> T) rethrows -> T {
        commitLock.lock()
        defer { commitLock.unlock() }
        return try body()
    }

    func removeAll() {
        commitLock.lock()
        defer { commitLock.unlock() }
        let current = lock.withLock { folders }
        for folder in current { OutputWriter.Staging.removeTree(folder) }
    }
}
