import Foundation
import TotsugoCore

/// Writes output files so that a failed or interrupted run never leaves a half-written file:
/// each file goes to a temporary file in the same folder and is renamed over the old one
/// (rename is atomic on one file system) only once every file has been staged.
///
/// Callers with large outputs stage each file as soon as it is rendered (`staging()`, then
/// `Staging.add` per file and `Staging.commit` at the end), so only one rendered file is in
/// memory at a time; `write(_:)` stages and commits a list rendered beforehand.
public struct OutputWriter {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    /// Files staged in temporary files, renamed into place by `commit()`. Until then nothing
    /// in the folder is changed except the temporary files, which `discard()` (or dropping the
    /// staging without committing) deletes again, together with the folder if staging created it.
    /// `add`/`addFile` may run on several threads at once (the list of staged files is
    /// locked); `commit` and `discard` come after they all returned.
    public final class Staging: @unchecked Sendable {
        public let folder: String
        private var staged: [(temporary: String, final: String)] = []
        private var createdFolder: String?
        private var finished = false
        private let lock = NSLock()

        fileprivate init(folder: String) { self.folder = folder }

        deinit { discard() }

        /// Writes `bytes` to a temporary file for `name`; the caller can drop its bytes afterwards.
        public func add(name: String, bytes: [UInt8]) throws {
            try addFile(name: name) { temporary in
                var file = try OutputFile(path: temporary)
                try file.write(bytes)
                try file.close()
            }
        }

        /// Stages `name` by letting `write` fill its temporary file, whose path it is given
        /// (the file does not exist yet). Safe to call from several threads at once: each call
        /// writes its own file; `commit()` must still come after every call returned.
        public func addFile(name: String, write: (String) throws -> Void) throws {
            let (temporary, final) = try reserve(name)
            do {
                try write(temporary)
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(path: final, reason: "cannot write \(temporary): \(error)")
            }
        }

        private func reserve(_ name: String) throws -> (temporary: String, final: String) {
            lock.lock()
            defer { lock.unlock() }
            precondition(!finished, "OutputWriter.Staging used after commit or discard")
            try createFolderIfNeeded()
            let final = (folder as NSString).appendingPathComponent(name)
            let temporary = (folder as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
            staged.append((temporary, final))
            return (temporary, final)
        }
        /// Renames every staged file into place, in the order staged; returns the final paths.
        public func commit() throws -> [String] {
            precondition(!finished, "OutputWriter.Staging committed twice")
            if staged.isEmpty { try createFolderIfNeeded() }
            var written: [String] = []
            while !staged.isEmpty {
                let item = staged[0]
                guard rename(item.temporary, item.final) == 0 else {
                    throw Failure(path: item.final, reason: String(cString: strerror(errno)))
                }
                staged.removeFirst()
                written.append(item.final)
            }
            finished = true
            createdFolder = nil
            return written
        }

        /// Deletes every staged temporary file (and the folder, if staging created it and it is empty).
        public func discard() {
            if finished { return }
            finished = true
            for item in staged { unlink(item.temporary) }
            staged = []
            if let createdFolder { rmdir(createdFolder) }
        }

        private func createFolderIfNeeded() throws {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue { return }
            let existed = FileManager.default.fileExists(atPath: folder)
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw Failure(path: folder, reason: error.localizedDescription)
            }
            if !existed { createdFolder = folder }
        }
    }

    /// Starts staging files into `folder`; commit or discard it (dropping it discards).
    public func staging() -> Staging { Staging(folder: folder) }

    /// Writes every (file name, bytes) pair; returns the paths written, in order.
    @discardableResult
    public func write(_ files: [(name: String, bytes: [UInt8])]) throws -> [String] {
        let staging = staging()
        defer { staging.discard() }
        for file in files { try staging.add(name: file.name, bytes: file.bytes) }
        return try staging.commit()
    }
}
