import ArgumentParser
import Foundation
import TotsugoPipeline

struct Format: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrite mapping files in the one canonical YAML form (or --check that they are).",
        discussion: """
        Reads each mapping file as `validate` does and writes it back in the canonical form \
        (docs/mapping-yaml.md, "Canonical form"): header keys in a fixed order, one entry per \
        item with a blank line between entries, every link in the long form with the defaults \
        applied, strings double-quoted. The comment block at the top of the file is kept; every \
        other comment is dropped. A file with an error is reported and no file is written.

        With --check nothing is written: the files not in canonical form are listed and the \
        command exits 1 (for CI).

        Exit codes: 0 done (or all canonical with --check); 1 --check found a file to reformat; \
        65 a file has an error; 66 a file does not exist; 73 cannot write.

        Examples:
          totsugo format Mappings/nikkenren-2023.yaml
          totsugo format --check Mappings Profiles
        """
    )

    @Argument(help: "Mapping files (.yaml), or folders: the .yaml/.yml files under them.") var files: [String]
    @Flag(help: "Write nothing; list files not in canonical form and exit 1 if any.") var check = false
    @OptionGroup(title: "Limits (README \"Limits\")") var limitOptions: LimitOptions

    func run() throws {
        let request = FormatRequest(files: files, check: check, limits: limitOptions.limits)
        let result = try running { () throws(CommandFailure) in try Pipeline.format(request, diagnostics: StandardErrorSink()) }
        for path in result.changed { print(check ? "not canonical: \(path)" : "formatted \(path)") }
        if check, !result.changed.isEmpty { throw ExitCode(1) }
        if result.changed.isEmpty { print("ok: \(result.unchanged.count) file(s) already canonical") }
    }
}
