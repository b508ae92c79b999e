import Foundation
import TotsugoCore

/// Prints diagnostics to stderr as `file:line:col: severity: message`, sorted by position.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        if diagnostics.isEmpty { return }
        let sorted = diagnostics.sorted {
            ($0.location.file, $0.location.line, $0.location.column, $0.message)
                < ($1.location.file, $1.location.line, $1.location.column, $1.message)
        }
        var text = sorted.map(\.description).joined(separator: "\n")
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { text += "\n\(errors) error\(errors == 1 ? "" : "s"); nothing was written." }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
