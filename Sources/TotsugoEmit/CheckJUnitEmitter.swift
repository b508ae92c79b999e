import TotsugoCore
import TotsugoMatch

/// `totsugo check --format junit`: one `<testsuite>` per mapping; in it one test case per
/// threshold (failure = threshold not met) and one per source item that gets a row
/// (failure = not reviewed; an unreviewed item outside the `--level` scope is skipped).
public struct CheckJUnitEmitter {
    public init() {}

    public func render(_ report: CheckReport) -> [UInt8] {
        var suites = ""
        var totals = (tests: 0, failures: 0, skipped: 0)
        for mapping in report.mappings {
            let resolved = mapping.resolved
            let id = resolved.mapping.id
            let file = resolved.mapping.location?.file
            var cases = ""
            var counts = (tests: 0, failures: 0, skipped: 0)
            for result in mapping.results {
                counts.tests += 1
                let name = "\(result.name) ≥ \(TextColumns.percent(result.required)) — \(result.scopeText)"
                cases += "    <testcase classname=\"\(esc(id)).thresholds\" name=\"\(esc(name))\""
                if result.passed {
                    cases += "/>\n"
                } else {
                    counts.failures += 1
                    let message = result.actual == nil
                        ? "no items in scope (\(report.emptyReason(result))); an empty scope fails"
                        : "\(TextColumns.percent(result.actual)) of \(result.items) in-scope items"
                    cases += ">\n      <failure type=\"threshold\" message=\"\(esc(message))\"/>\n    </testcase>\n"
                }
            }
            for itemID in resolved.rowItemIDs {
                counts.tests += 1
                let item = resolved.source.items[itemID]
                let name = [itemID, item?.label ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
                cases += "    <testcase classname=\"\(esc(id))\" name=\"\(esc(name))\""
                if let file { cases += " file=\"\(esc(file))\"" }
                switch resolved.review(of: itemID) {
                case .reviewed(let entry):
                    if let line = entry.location?.line { cases += " line=\"\(line)\"" }
                    cases += "/>\n"
                case .unreviewed:
                    if CheckReport.inScope(item, mapping) {
                        counts.failures += 1
                        cases += ">\n      <failure type=\"unreviewed\" message=\"no mapping entry for \(esc(itemID))\"/>\n    </testcase>\n"
                    } else {
                        counts.skipped += 1
                        cases += ">\n      <skipped message=\"unreviewed; outside the --level scope\"/>\n    </testcase>\n"
                    }
                }
            }
            suites += "  <testsuite name=\"\(esc(id))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"0\" skipped=\"\(counts.skipped)\""
            if let file { suites += " file=\"\(esc(file))\"" }
            suites += ">\n" + cases + "  </testsuite>\n"
            totals.tests += counts.tests
            totals.failures += counts.failures
            totals.skipped += counts.skipped
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"totsugo check\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"0\" skipped=\"\(totals.skipped)\">\n"
        out += suites + "</testsuites>\n"
        return Array(out.utf8)
    }

    func esc(_ text: String) -> String { XMLText.escape(text).replacingOccurrences(of: "\n", with: "&#10;") }
}

extension CheckJUnitEmitter: RenderedFormat {
    public typealias Artifact = CheckReport
    public var name: String { "junit" }
    public var aliases: [String] { ["xml"] }
}
