import Foundation
import TotsugoCore
import TotsugoIngest

/// What `format` is asked for: mapping files to rewrite in the canonical form, or with `check`
/// only to say which are not in it.
public struct FormatRequest: Sendable {
    public var files: [String]
    public var check: Bool
    public var limits: InputLimits

    public init(files: [String], check: Bool = false, limits: InputLimits = .default) {
        self.files = files
        self.check = check
        self.limits = limits
    }
}

extension Pipeline {
    /// Reads a mapping file as `validate` would (errors: nothing is written) and returns the
    /// file's text and its canonical form.
    static func canonicalMapping(_ path: String, limits: InputLimits) throws(DiagnosticError) -> (mapping: Mapping, old: String, new: String) {
        let input = try InputFile.read(path, sizeLimit: limits.maxInputBytes)
        let mapping = try MappingYAMLParser(nodeBudget: limits.maxYAMLNodes).parse(input)
        let text = input.text
        return (mapping, text, MappingYAMLWriter.text(mapping, leadingComment: MappingYAMLWriter.leadingComment(of: text)))
    }

    /// `format`: each mapping file rewritten in the canonical form (docs/mapping-yaml.md,
    /// "Canonical form"); with `check`, nothing is written and the files not in canonical form
    /// are returned (the command exits 1 when there are any). A file that does not read is an
    /// error and no file is written.
    public static func format(_ request: FormatRequest, diagnostics: any DiagnosticSink) throws(CommandFailure) -> (changed: [String], unchanged: [String]) {
        var problems: [Diagnostic] = []
        var missing = false
        var results: [(path: String, old: String, new: String)] = []
        // A folder stands for the mapping files (.yaml, .yml) under it, as `validate` reads them.
        var paths: [String] = []
        for path in request.files {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                var found: [Diagnostic] = []
                let mappings = InputLoader.files(under: path, diagnostics: &found).filter {
                    let ext = ($0 as NSString).pathExtension.lowercased()
                    return ext == "yaml" || ext == "yml"
                }
                if mappings.isEmpty {
                    found.append(.warning(SourceLocation(file: path), "no mapping file (.yaml, .yml) in this folder"))
                }
                paths += mappings
                problems += found.filter { $0.severity == .error }
                diagnostics.report(found.filter { $0.severity != .error })
            } else {
                paths.append(path)
            }
        }
        for path in paths {
            do throws(DiagnosticError) {
                let (_, old, new) = try canonicalMapping(path, limits: request.limits)
                results.append((path, old, new))
            } catch {
                problems += error.diagnostics
                if error.kind == .missingInput { missing = true }
            }
        }
        if !problems.isEmpty {
            diagnostics.report(problems)
            throw missing ? .missingInput : .badInput
        }
        let changed = results.filter { $0.old != $0.new }
        if !request.check {
            for result in changed {
                _ = try write(result.new, as: MappingSkeleton.yaml, to: .file(result.path), diagnostics: diagnostics)
            }
        }
        return (changed.map(\.path), results.filter { $0.old == $0.new }.map(\.path))
    }
}
