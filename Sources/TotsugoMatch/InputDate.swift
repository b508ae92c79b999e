/// Dates taken from the inputs, never from the clock, so outputs stay byte-identical.
public enum InputDate {
    /// `2023` → `2023-01-01`, `2023-02` → `2023-02-01`, `2023-02-15` → itself; nil for
    /// anything else.
    public static func w3c(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let numbers = parts.map { Int($0)! }
        let month = numbers.count > 1 ? numbers[1] : 1
        let day = numbers.count > 2 ? numbers[2] : 1
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts[0])-\(two(month))-\(two(day))"
    }

    /// The latest publication date among the mapping's catalogs, as written in the catalog
    /// (`2025-12`); nil when none has one.
    public static func latest(_ resolved: ResolvedMapping) -> String? {
        ([resolved.source] + resolved.targets)
            .compactMap { index in index.catalog.date.flatMap { w3c($0) != nil ? $0 : nil } }
            .max { w3c($0)! < w3c($1)! }
    }

    /// An OOXML document-property timestamp: `2025-12` → `2025-12-01T00:00:00Z`; the fixed
    /// 2000-01-01 (the zip entries' time) when there is no date.
    public static func timestamp(_ raw: String?) -> String {
        (w3c(raw) ?? "2000-01-01") + "T00:00:00Z"
    }
}
