import ArgumentParser
import Foundation
import TotsugoCore
import TotsugoEmit

/// Where a report goes (`check`, `diff`): standard output, or with `--out` a file written as a
/// one-file transaction (staged, then renamed into place under the folder's lock, so an
/// interrupted run leaves the previous file as it was); then `wrote <path>` is printed.
enum ReportFile {
    static func write<Artifact>(_ artifact: Artifact, as format: any OutputFormat<Artifact>, to out: String?) throws {
        guard let out else {
            var file = OutputFile.standardOutput()
            DiagnosticPrinter.print(try format.write(artifact, to: &file))
            return
        }
        let folder = (out as NSString).deletingLastPathComponent
        do {
            let staging = try OutputWriter(folder: folder.isEmpty ? "." : folder).staging()
            defer { staging.discard() }
            DiagnosticPrinter.print(try staging.addFile(name: (out as NSString).lastPathComponent) { try format.write(artifact, to: &$0) })
            for path in try staging.commit() { print("wrote \(path)") }
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCodes.cannotWrite
        }
    }

    /// The format `--format` names, else the one `--out`'s extension names, else `fallback`.
    static func format<Artifact>(_ name: String?, out: String?, in formats: OutputFormatList<Artifact>,
                                 fallback: String) throws -> any OutputFormat<Artifact> {
        if let name {
            guard let format = formats.format(named: name) else {
                throw ValidationError("unknown format '\(name)'; known: \(formats.names.joined(separator: ", "))")
            }
            return format
        }
        if let out, let format = formats.format(named: (out as NSString).pathExtension) { return format }
        return formats.format(named: fallback)!
    }
}
