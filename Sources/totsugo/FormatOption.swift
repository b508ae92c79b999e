import ArgumentParser
import TotsugoEmit

/// `--format` of every command, read against the command's list in `OutputFormats`.
enum FormatOption {
    static func parse<Artifact>(_ list: String, in formats: OutputFormatList<Artifact>) throws -> [any OutputFormat<Artifact>] {
        do throws(OutputFormatError) {
            return try formats.parse(list)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
