import Foundation
import TotsugoCore

/// Writes output files so that a failed or interrupted run never leaves a half-written file:
/// each file goes to a temporary file in the same folder and is renamed over the old one
/// (rename is atomic on one file system). Callers render everything in memory first.
public struct OutputWriter {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    /// Writes every (file name, bytes) pair; returns the paths written, in order.
    @discardableResult
    public func write(_ files: [(name: String, bytes: [UInt8])]) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: folder, reason: error.localizedDescription)
        }
        // Stage all files first, then rename them all: a failure while staging changes nothing.
        var staged: [(temporary: String, final: String)] = []
        defer { for item in staged { unlink(item.temporary) } }
        for file in files {
            let final = (folder as NSString).appendingPathComponent(file.name)
            let temporary = (folder as NSString).appendingPathComponent(".\(file.name).tmp-\(getpid())")
            guard FileManager.default.createFile(atPath: temporary, contents: Data(file.bytes)) else {
                throw Failure(path: final, reason: "cannot create \(temporary)")
            }
            staged.append((temporary, final))
        }
        var written: [String] = []
        for item in staged {
            guard rename(item.temporary, item.final) == 0 else {
                throw Failure(path: item.final, reason: String(cString: strerror(errno)))
            }
            written.append(item.final)
        }
        return written
    }
}
