import ArgumentParser
import Foundation
import TotsugoCore
import TotsugoEmit

/// The report format of `check` and `diff`.
enum ReportFormat {
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
