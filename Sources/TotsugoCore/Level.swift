/// One level of a catalog's own level vocabulary (JAMA/JAPIA LV1–LV3, ★3/★4, 必須/推奨, …):
/// its 1-based position in the declared order and its name as the catalog writes it.
/// Levels compare by position: "up to level N" means up to the N-th declared level.
public struct Level: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 1-based position in the catalog's vocabulary.
    public let rank: Int
    /// The name as declared (`LV1`, `★3`, `必須`), normalised once on input.
    public let name: String

    public init(rank: Int, name: String) {
        self.rank = rank
        self.name = name
    }

    public static let lv1 = Level(rank: 1, name: "LV1")
    public static let lv2 = Level(rank: 2, name: "LV2")
    public static let lv3 = Level(rank: 3, name: "LV3")

    public var description: String { name }

    public static func < (a: Level, b: Level) -> Bool { (a.rank, a.name) < (b.rank, b.name) }
}

/// The ordered levels a catalog declares (`level-names:`; XML `<level-names>`). A catalog that
/// declares none has the standard vocabulary LV1 / LV2 / LV3.
public struct LevelVocabulary: Equatable, Sendable {
    /// In declared order (rank 1 first).
    public let levels: [Level]

    public static let standard = LevelVocabulary(uncheckedNames: ["LV1", "LV2", "LV3"])

    /// Names as given (display-normalised by the caller, see `normalizedName`); duplicates and
    /// bad names are the reader's to refuse (`problems`).
    public init(uncheckedNames names: [String]) {
        levels = names.enumerated().map { Level(rank: $0.offset + 1, name: $0.element) }
    }

    public var names: [String] { levels.map(\.name) }
    public var isStandard: Bool { self == .standard }

    /// A declared name as stored: NFKD then NFC with dash folding, trimmed (`★３` = `★3`).
    public static func normalizedName(_ raw: String) -> String {
        Normalization.display(Normalization.text(raw))
    }

    /// Why a declared name cannot be a level name (nil: it can). `@level` separates levels by
    /// spaces, commas and `|`, so a name cannot hold them.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "a level name is empty" }
        if name.contains(where: { $0.isWhitespace || $0 == "," || $0 == "|" }) {
            return "level name '\(name)' holds a space, ',' or '|' (they separate levels in @level); write it as one word, e.g. 'Lv.1'"
        }
        if Normalization.key(name) == "unknown" { return "'unknown' is reserved (@level: unknown means the level is not known)" }
        return nil
    }

    /// The level an item's `@level` value names: a declared name, compared as keys (`★３` = `★3`,
    /// case and width folded). The standard vocabulary also takes `Lv1`, `lv 1`, `レベル1`, `1`.
    public func level(named raw: String) -> Level? {
        let key = Normalization.key(raw)
        if let level = levels.first(where: { Normalization.key($0.name) == key }) { return level }
        guard isStandard else { return nil }
        var digits = key
        for prefix in ["lv", "level", "レベル"] where digits.hasPrefix(prefix) {
            digits.removeFirst(prefix.count)
        }
        return Int(digits).flatMap(level(at:))
    }

    /// A level as a command line or config names it: by name, or by position (`1` = the first
    /// declared level).
    public func level(selecting raw: String) -> Level? {
        level(named: raw) ?? Int(Normalization.key(raw)).flatMap(level(at:))
    }

    public func level(at position: Int) -> Level? {
        levels.indices.contains(position - 1) ? levels[position - 1] : nil
    }

    /// `LV1, LV2 or LV3`, `★3 or ★4`: for messages.
    public var listing: String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// `LV1`, `LV1–LV2`: the levels up to `limit`.
    public func upTo(_ limit: Level) -> String {
        guard let first = levels.first, first != limit else { return limit.name }
        return "\(first.name)–\(limit.name)"
    }
}

/// A level as written on a command line or in the check config (`--level 1`, `--level ★3`,
/// `min-mapped[LV1]`), before the catalog it applies to is known: resolved per source catalog.
/// A position (`1`, `LV1`, `Lv1`, `レベル1`) is kept as `LV1` (so `1` and `LV1` are one scope):
/// the catalog's level of that name, else its level at that position.
public struct LevelSelector: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `LV1` for a position, else the name as written, normalised (`LevelVocabulary.normalizedName`).
    public let written: String
    /// The standard level of a position spelling.
    public let standard: Level?

    public init?(_ raw: String) {
        let name = LevelVocabulary.normalizedName(raw)
        guard !name.isEmpty else { return nil }
        standard = LevelVocabulary.standard.level(selecting: name)
        written = standard?.name ?? name
    }

    public init(_ level: Level) { self.init(level.name)! }

    public static let lv1 = LevelSelector(.lv1)
    public static let lv2 = LevelSelector(.lv2)
    public static let lv3 = LevelSelector(.lv3)

    /// The level in `vocabulary`: by name, else (a position) by position; nil when it has none.
    public func resolve(in vocabulary: LevelVocabulary) -> Level? {
        vocabulary.level(named: written) ?? standard.flatMap { vocabulary.level(at: $0.rank) }
    }

    public var description: String { written }

    public static func < (a: Self, b: Self) -> Bool {
        (a.standard?.rank ?? Int.max, a.written) < (b.standard?.rank ?? Int.max, b.written)
    }
}

extension Level {
    /// A level of the standard vocabulary: `LV1`, `Lv1`, `ＬＶ１`, `lv 1`, `1`, `レベル1`.
    public init?(parsing raw: String) {
        guard let level = LevelVocabulary.standard.level(named: raw) else { return nil }
        self = level
    }
}
