import Foundation
import TotsugoEmit

/// Where a report goes (`check`, `diff`): standard output, or with `--out` a file written
/// atomically (staged, then renamed into place under the folder's lock, so an interrupted
/// run leaves the previous file as it was); then `wrote <path>` is printed.
enum ReportFile {
    static func write(_ bytes: [UInt8], to out: String?) throws {
        guard let out else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let folder = (out as NSString).deletingLastPathComponent
        do {
            for path in try OutputWriter(folder: folder.isEmpty ? "." : folder).write([((out as NSString).lastPathComponent, bytes)]) {
                print("wrote \(path)")
            }
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCodes.cannotWrite
        }
    }
}
