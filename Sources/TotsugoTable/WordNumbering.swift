import TotsugoCore
import TotsugoXML

/// Word's automatic numbering (word/numbering.xml): abstract definitions (`w:abstractNum`, one
/// `w:lvl` per level: start, format, level text, restart) and the instances paragraphs name
/// (`w:num`, pointing at an abstract definition, with `w:lvlOverride` / `w:startOverride`).
/// In a real regulation file the number (`第1章`, `1.2`, `(1)`, `ア`) is not in the text: it is
/// computed here the way Word shows it.
struct WordNumbering {
    struct Level {
        var start = 1
        var format = "decimal"
        var text = "%1."
        /// `w:lvlRestart`: 0 never restarts; n restarts after a use of level n (1-based) or higher.
        var restart: Int?
        /// `w:isLgl`: every number shown in decimal.
        var legal = false
        /// `w:pStyle`: the paragraph style this level is linked to (LibreOffice's outline numbering).
        var style: String?
    }

    struct Abstract {
        var levels: [Int: Level] = [:]
        /// `w:numStyleLink`: the definition is a numbering style's (followed through `styleLink`).
        var numStyleLink: String?
        var styleLink: String?
    }

    struct Instance {
        var abstract: String
        /// Per level: a start override and/or a whole level given again.
        var startOverrides: [Int: Int] = [:]
        var levelOverrides: [Int: Level] = [:]
    }

    var abstracts: [String: Abstract] = [:]
    var instances: [String: Instance] = [:]

    /// The definition of level `ilvl` of instance `numId`, with the instance's overrides.
    func level(numID: String, ilvl: Int) -> Level? {
        guard let instance = instances[numID], let abstract = resolvedAbstract(instance.abstract) else { return nil }
        if let override = instance.levelOverrides[ilvl] { return override }
        return abstract.levels[ilvl]
    }

    /// The abstract definition, a numbering-style link followed to the definition it links.
    func resolvedAbstract(_ id: String) -> Abstract? {
        guard let abstract = abstracts[id] else { return nil }
        if let link = abstract.numStyleLink,
           let target = abstracts.values.first(where: { $0.styleLink == link && $0.numStyleLink == nil }) {
            return target
        }
        return abstract
    }

    /// The key counters are kept under: the abstract definition (Word continues a list across
    /// instances of one definition unless an instance restarts it).
    func counterKey(numID: String) -> String? {
        guard let instance = instances[numID] else { return nil }
        if let abstract = abstracts[instance.abstract], let link = abstract.numStyleLink,
           let target = abstracts.first(where: { $0.value.styleLink == link && $0.value.numStyleLink == nil }) {
            return target.key
        }
        return instance.abstract
    }

    /// The level of `numID` linked to paragraph style `style` (a style naming a numbering
    /// without a level).
    func level(numID: String, linkedTo style: String) -> Int? {
        guard let instance = instances[numID], let abstract = resolvedAbstract(instance.abstract) else { return nil }
        return abstract.levels.first { $0.value.style == style }?.key
    }
}

/// Computes paragraph numbers in document order.
struct NumberingCounter {
    let numbering: WordNumbering
    /// Counters per abstract definition, per level.
    private var counters: [String: [Int: Int]] = [:]
    /// Instances whose start overrides have been applied (once, at their first paragraph).
    private var started: Set<String> = []

    init(numbering: WordNumbering) { self.numbering = numbering }

    struct Number {
        /// The label as Word shows it (`第1章`, `1.2`, `(1)`, `ア`, `●`).
        var label: String
        /// The level's own counter value (1, 2, 3 …), nil for a bullet.
        var value: Int?
        var isBullet: Bool
        /// The counter values of levels 0…ilvl (for ids: `[1, 2]` → `1.2`).
        var path: [Int]
    }

    /// The number of the next paragraph numbered by instance `numID` at level `ilvl`; nil when
    /// the instance or level is not defined (the caller reports it).
    mutating func next(numID: String, ilvl: Int) -> Number? {
        guard let key = numbering.counterKey(numID: numID), let level = numbering.level(numID: numID, ilvl: ilvl),
              let instance = numbering.instances[numID] else { return nil }
        var values = counters[key] ?? [:]
        if !started.contains(numID) {
            started.insert(numID)
            // An instance that restarts a level (startOverride, or a level given again with a
            // start) begins it afresh.
            for (overridden, start) in instance.startOverrides { values[overridden] = start - 1 }
            for (overridden, definition) in instance.levelOverrides where instance.startOverrides[overridden] == nil {
                values[overridden] = definition.start - 1
            }
        }
        values[ilvl] = (values[ilvl] ?? (level.start - 1)) + 1
        // Deeper levels restart after this one unless their lvlRestart says otherwise.
        for deeper in values.keys where deeper > ilvl {
            let restart = numbering.level(numID: numID, ilvl: deeper)?.restart ?? deeper
            if restart != 0, ilvl < restart { values[deeper] = nil }
        }
        counters[key] = values
        if level.format == "bullet" {
            return Number(label: Self.bulletMark(level.text), value: nil, isBullet: true, path: [])
        }
        var path: [Int] = []
        for l in 0...ilvl {
            let lvl = numbering.level(numID: numID, ilvl: l)
            path.append(values[l] ?? lvl?.start ?? 1)
        }
        var label = ""
        var scalars = level.text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "%" else { label.unicodeScalars.append(scalar); continue }
            guard let digit = scalars.next() else { label += "%"; break }
            guard let n = Int(String(digit)), n >= 1, n <= 9 else { label += "%" + String(digit); continue }
            let l = n - 1
            let shown = numbering.level(numID: numID, ilvl: l)
            let value = l < path.count ? path[l] : (values[l] ?? shown?.start ?? 1)
            let format = (level.legal && l < ilvl) ? "decimal" : (shown?.format ?? "decimal")
            label += Self.format(value, as: format)
        }
        // Word's level text often ends in a space (`%1　`) where the number meets the text.
        return Number(label: Normalization.trimmed(label[...], newlines: true), value: values[ilvl], isBullet: false, path: path)
    }

    /// A bullet's mark as a reader sees it: Word's Symbol-font bullet (U+F0B7, private use) is
    /// a round bullet; other private-use marks (Wingdings) become `・`.
    static func bulletMark(_ text: String) -> String {
        let scalars = text.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first, (0xE000...0xF8FF).contains(scalar.value) {
            switch scalar.value {
            case 0xF0B7: return "•"
            case 0xF06C, 0xF09F: return "●"
            case 0xF0A7, 0xF06E: return "■"
            default: return "・"
            }
        }
        return text.isEmpty ? "・" : text
    }

    static let aiueo = Array("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン")
    static let aiueoHalf = Array("ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ")
    static let iroha = Array("イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン")
    static let irohaHalf = Array("ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳｲﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼｴﾋﾓｾｽﾝ")
    static let kanjiDigits = Array("〇一二三四五六七八九")
    static let formats: Set<String> = [
        "decimal", "decimalFullWidth", "decimalFullWidth2", "decimalHalfWidth", "decimalZero", "japaneseCounting",
        "japaneseLegal", "japaneseDigitalTenThousand", "aiueo", "aiueoFullWidth", "iroha", "irohaFullWidth",
        "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "taiwaneseCounting", "taiwaneseCountingThousand", "chineseCounting",
        "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital", "taiwaneseDigital", "decimalEnclosedFullstop", "decimalEnclosedParen",
        "upperLetter", "lowerLetter", "upperRoman", "lowerRoman", "bullet", "none", "ideographTraditional",
    ]

    /// `value` in Word's number format `format`; an unknown format is decimal (the reader
    /// warns about it once).
    static func format(_ value: Int, as format: String) -> String {
        func cycle(_ letters: [Character]) -> String {
            guard value >= 1 else { return String(value) }
            return String(letters[(value - 1) % letters.count])
        }
        switch format {
        case "none": return ""
        case "decimalFullWidth", "decimalFullWidth2":
            return String(String(value).unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) })
        case "decimalZero": return value < 10 && value >= 0 ? "0\(value)" : String(value)
        case "japaneseCounting", "japaneseLegal", "taiwaneseCounting", "taiwaneseCountingThousand", "chineseCounting",
             "chineseCountingThousand", "chineseLegalSimplified":
            // LibreOffice saves Word's japaneseCounting as taiwaneseCountingThousand: the same 一, 二 … 十一.
            return kanji(value)
        case "japaneseDigitalTenThousand", "ideographDigital", "taiwaneseDigital": return String(String(value).compactMap { $0.wholeNumberValue.map { kanjiDigits[$0] } })
        case "aiueoFullWidth": return cycle(aiueo)
        case "aiueo": return cycle(aiueoHalf)
        case "irohaFullWidth": return cycle(iroha)
        case "iroha": return cycle(irohaHalf)
        case "ideographTraditional": return cycle(Array("甲乙丙丁戊己庚辛壬癸"))
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            if (1...20).contains(value) { return String(Unicode.Scalar(0x2460 + UInt32(value - 1))!) }
            if (21...35).contains(value) { return String(Unicode.Scalar(0x3251 + UInt32(value - 21))!) }
            if (36...50).contains(value) { return String(Unicode.Scalar(0x32B1 + UInt32(value - 36))!) }
            return String(value)
        case "decimalEnclosedParen":
            return (1...20).contains(value) ? String(Unicode.Scalar(0x2474 + UInt32(value - 1))!) : "(\(value))"
        case "decimalEnclosedFullstop":
            return (1...20).contains(value) ? String(Unicode.Scalar(0x2488 + UInt32(value - 1))!) : "\(value)."
        case "upperLetter", "lowerLetter":
            guard value >= 1 else { return String(value) }
            let letter = Character(Unicode.Scalar(UInt8(65 + (value - 1) % 26)))
            let text = String(repeating: letter, count: (value - 1) / 26 + 1)
            return format == "upperLetter" ? text : text.lowercased()
        case "upperRoman", "lowerRoman":
            let text = roman(value)
            return format == "upperRoman" ? text : text.lowercased()
        default: return String(value)
        }
    }

    /// 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 百五.
    static func kanji(_ value: Int) -> String {
        guard value > 0, value < 10_000 else { return String(value) }
        var out = ""
        var rest = value
        for (unit, mark) in [(1000, "千"), (100, "百"), (10, "十")] {
            let digit = rest / unit
            rest %= unit
            if digit > 0 { out += (digit > 1 ? String(kanjiDigits[digit]) : "") + mark }
        }
        if rest > 0 { out += String(kanjiDigits[rest]) }
        return out
    }

    static func roman(_ value: Int) -> String {
        guard value > 0, value < 4000 else { return String(value) }
        var out = ""
        var rest = value
        for (n, s) in [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
            while rest >= n { out += s; rest -= n }
        }
        return out
    }
}

/// Reads word/numbering.xml.
final class NumberingReader: XMLReaderDelegate {
    var numbering = WordNumbering()
    private var names: [String] = []
    private var abstractID: String?
    private var abstract = WordNumbering.Abstract()
    private var numID: String?
    private var instance: WordNumbering.Instance?
    private var levelIndex: Int?
    private var level = WordNumbering.Level()
    private var overrideLevel: Int?

    func startElement(_ element: XMLReader.Element) {
        let parent = names.last
        names.append(element.name)
        let val = element.attribute("val")
        switch element.name {
        case "abstractNum":
            abstractID = element.attribute("abstractNumId")
            abstract = WordNumbering.Abstract()
        case "num" where abstractID == nil:
            numID = element.attribute("numId")
            instance = WordNumbering.Instance(abstract: "")
        case "abstractNumId" where instance != nil:
            instance?.abstract = val ?? ""
        case "lvlOverride":
            overrideLevel = element.attribute("ilvl").flatMap { Int($0) }
        case "startOverride":
            if let l = overrideLevel, let start = val.flatMap({ Int($0) }) { instance?.startOverrides[l] = start }
        case "lvl":
            levelIndex = element.attribute("ilvl").flatMap { Int($0) } ?? overrideLevel
            level = WordNumbering.Level()
        case "start" where parent == "lvl": if let v = val.flatMap({ Int($0) }) { level.start = v }
        case "numFmt" where parent == "lvl": level.format = val ?? "decimal"
        case "lvlText" where parent == "lvl": level.text = val ?? ""
        case "lvlRestart" where parent == "lvl": level.restart = val.flatMap { Int($0) }
        case "isLgl" where parent == "lvl": level.legal = val != "0" && val != "false"
        case "pStyle" where parent == "lvl": level.style = val
        case "numStyleLink" where parent == "abstractNum": abstract.numStyleLink = val
        case "styleLink" where parent == "abstractNum": abstract.styleLink = val
        default: break
        }
    }

    func endElement() {
        let name = names.removeLast()
        switch name {
        case "lvl":
            if let index = levelIndex {
                if instance != nil, let l = overrideLevel { instance?.levelOverrides[l] = level }
                else if abstractID != nil { abstract.levels[index] = level }
            }
            levelIndex = nil
        case "lvlOverride": overrideLevel = nil
        case "abstractNum":
            if let id = abstractID { numbering.abstracts[id] = abstract }
            abstractID = nil
        case "num":
            if let id = numID, let instance { numbering.instances[id] = instance }
            numID = nil
            instance = nil
        default: break
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
