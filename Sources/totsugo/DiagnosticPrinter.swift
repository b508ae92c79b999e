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
        var text = sorted.map { visible($0.description) }.joined(separator: "\n")
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { text += "\n\(errors) error\(errors == 1 ? "" : "s"); nothing was written." }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// `line` with what a terminal would act on instead of showing (control characters, DEL,
    /// C1, bidirectional overrides) written as `\u{1B}`: a hostile input cannot recolour the
    /// terminal, set its title or hide lines of a CI log through a diagnostic that quotes it.
    static func visible(_ line: String) -> String {
        func hidden(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
        guard line.unicodeScalars.contains(where: hidden) else { return line }
        var out = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if hidden(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
