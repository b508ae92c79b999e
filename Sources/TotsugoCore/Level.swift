/// Implementation level of an industry item (JAMA/JAPIA LV1–LV3).
public enum Level: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    case lv1 = 1, lv2, lv3

    /// Accepts `LV1`, `Lv1`, `ＬＶ１`, `lv 1`, `1`, `レベル1`.
    public init?(parsing raw: String) {
        var key = Normalization.key(raw)
        for prefix in ["lv", "level", "レベル"] where key.hasPrefix(prefix) {
            key.removeFirst(prefix.count)
        }
        guard let number = Int(key), let level = Level(rawValue: number) else { return nil }
        self = level
    }

    public var description: String { "LV\(rawValue)" }

    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
}
