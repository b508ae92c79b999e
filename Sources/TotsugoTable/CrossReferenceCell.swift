import TotsugoCore

/// One rule of a table recipe's cross-reference column: cell text of this shape names an item
/// of this target catalog. Rules are tried in order and the first match wins; text no rule
/// matches is an error (never a guess). The syntax is in docs/import.md, "Cross-reference cells".
///
/// Pattern language (matched against the token after normalisation: NFKD then NFC, dash and
/// tilde folding, ASCII lower-cased, blanks removed):
/// - `{n}` a number: one or more digits (full-width digits are folded to ASCII);
/// - `[text]` optional literal text (no `{n}` inside), e.g. `[No.]{n}`, `A[.]{n}.{n}`;
/// - anything else is literal; ASCII letters match in either case; blanks are ignored.
/// The item template is literal text with one `{n}` for each number of the pattern, filled in
/// order; the result is normalised as an id key. Without a template, the pattern without its
/// optional parts is the template (`[No.]{n}` → `{n}`).
public struct CrossReferenceRule: Sendable, Equatable {
    public let pattern: String
    /// Target catalog id (normalised as a key).
    public let catalog: String
    /// Item template (as given, or the default one).
    public let item: String
    /// The rule's ids are numbered in one flat sequence in their last number, so a range
    /// `No.3〜5` or `5.1〜5.3` may be expanded to the ids in between. Otherwise a range is an error.
    public let expandsRanges: Bool

    enum Element: Equatable, Sendable {
        case literal(Character)
        case optional([Character])
        case number
    }

    enum TemplatePart: Equatable, Sendable {
        case literal(String)
        case number
    }

    let elements: [Element]
    let template: [TemplatePart]

    /// Most ids one range may expand to.
    public static let maxRangeLength = 1000

    /// Why a rule cannot be used, for the recipe's diagnostic.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(pattern: String, catalog: String, item: String? = nil, expandsRanges: Bool = false) throws {
        let catalogKey = Normalization.key(catalog)
        guard !catalogKey.isEmpty else { throw Invalid(message: "the target catalog of pattern '\(pattern)' is empty") }
        let elements = try Self.compile(pattern)
        let numbers = elements.filter { $0 == .number }.count
        let templateText = item ?? Self.defaultTemplate(elements)
        let template = try Self.compileTemplate(templateText, pattern: pattern, numbers: numbers)
        self.pattern = pattern
        self.catalog = catalogKey
        self.item = templateText
        self.expandsRanges = expandsRanges
        self.elements = elements
        self.template = template
    }

    /// The pattern's characters after normalisation, as they are matched: each Character
    /// normalised alone (so the mapping to the text as written is kept), ASCII lower-cased.
    static func normalized(_ text: String) -> [Character] {
        var out: [Character] = []
        for ch in text {
            if ch.isNewline { out.append("\n"); continue }
            if let ascii = ch.asciiValue {
                // ASCII is its own NFKC and holds no dash or tilde to fold.
                if ch.isWhitespace { out.append(" ") } else if ascii >= 0x41 && ascii <= 0x5A {
                    out.append(Character(Unicode.Scalar(ascii + 0x20)))
                } else { out.append(ch) }
                continue
            }
            for c in Normalization.text(String(ch)) {
                if c.isWhitespace { out.append(" ") } else if c.isASCII { out.append(Character(c.lowercased())) } else { out.append(c) }
            }
        }
        return out
    }

    /// Characters that end a token in a cell: they cannot be part of a pattern.
    static let reserved: Set<Character> = [",", "、", ";", "・", "\n", "(", ")", "~", "{", "}", "[", "]"]

    static func compile(_ pattern: String) throws -> [Element] {
        let chars = normalized(pattern).filter { !$0.isWhitespace || $0.isNewline }
        var elements: [Element] = []
        var i = 0
        func invalid(_ why: String) -> Invalid { Invalid(message: "pattern '\(pattern)': \(why)") }
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                guard i + 2 < chars.count, chars[i + 1] == "n", chars[i + 2] == "}" else {
                    throw invalid("'{' starts a number only as '{n}'")
                }
                if elements.last == .number { throw invalid("two numbers '{n}{n}' must have something between them") }
                elements.append(.number)
                i += 3
            } else if c == "[" {
                guard let close = chars[(i + 1)...].firstIndex(of: "]") else { throw invalid("'[' is not closed by ']'") }
                let inner = Array(chars[(i + 1)..<close])
                if inner.isEmpty { throw invalid("'[]' is empty") }
                if let bad = inner.first(where: { reserved.contains($0) }) {
                    throw invalid("'\(bad)' cannot be inside '[…]' (optional text is literal; no '{n}')")
                }
                elements.append(.optional(inner))
                i = close + 1
            } else if reserved.contains(c) {
                throw invalid(c == "\n" ? "a line break separates tokens in a cell; it cannot be in a pattern"
                    : "'\(c)' separates tokens, ranges or notes in a cell; it cannot be in a pattern")
            } else {
                elements.append(.literal(c))
                i += 1
            }
        }
        guard elements.contains(.number) else { throw invalid("it has no number '{n}'") }
        return elements
    }

    static func defaultTemplate(_ elements: [Element]) -> String {
        var text = ""
        for element in elements {
            switch element {
            case .literal(let c): text.append(c)
            case .optional: break
            case .number: text += "{n}"
            }
        }
        return text
    }

    static func compileTemplate(_ template: String, pattern: String, numbers: Int) throws -> [TemplatePart] {
        let chars = normalized(template).filter { !$0.isWhitespace }
        var parts: [TemplatePart] = []
        var literal = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "{" {
                guard i + 2 < chars.count, chars[i + 1] == "n", chars[i + 2] == "}" else {
                    throw Invalid(message: "item template '\(template)': '{' starts a number only as '{n}'")
                }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.number)
                i += 3
            } else {
                literal.append(chars[i])
                i += 1
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        let used = parts.filter { $0 == .number }.count
        guard used == numbers else {
            throw Invalid(message: "item template '\(template)' has \(used) '{n}', but pattern '\(pattern)' has \(numbers)")
        }
        return parts
    }

    /// The numbers of `text` (normalised, no blanks) when the whole text matches the pattern.
    func match(_ text: ArraySlice<Character>) -> [String]? {
        var numbers: [String] = []
        return match(text, text.startIndex, 0, &numbers) ? numbers : nil
    }

    private func match(_ s: ArraySlice<Character>, _ i: Int, _ e: Int, _ numbers: inout [String]) -> Bool {
        if e == elements.count { return i == s.endIndex }
        switch elements[e] {
        case .literal(let c):
            return i < s.endIndex && s[i] == c && match(s, i + 1, e + 1, &numbers)
        case .optional(let cs):
            if s[i...].starts(with: cs), match(s, i + cs.count, e + 1, &numbers) { return true }
            return match(s, i, e + 1, &numbers)
        case .number:
            var j = i
            while j < s.endIndex, CrossReferenceCell.isDigit(s[j]) { j += 1 }
            while j > i {
                numbers.append(String(s[i..<j]))
                if match(s, j, e + 1, &numbers) { return true }
                numbers.removeLast()
                j -= 1
            }
            return false
        }
    }

    /// The item key for these numbers.
    func itemKey(_ numbers: [String]) -> String {
        var text = ""
        var next = numbers.makeIterator()
        for part in template {
            switch part {
            case .literal(let s): text += s
            case .number: text += next.next() ?? ""
            }
        }
        return Normalization.key(text)
    }
}

/// A cross-reference cell of a user's table read into link tokens. Pure: no I/O.
///
/// A cell is: empty; or wholly a "reviewed, no counterpart" marker (`―`, `-`, `－`, `なし`,
/// `該当なし`, `#N/A`, `N/A`); or ids separated by `,` `、` `，` `・` `;` or line breaks, where an id
/// is matched by the first fitting rule, a range `a〜b` / `a~b` / `a-b` has two ends matching the
/// same rule, and a parenthesised annotation `(LV2)` / `（Lv1）` / `(参考)` applies to the ids
/// before it (back to the previous annotation). A blank between two digits, or a `/`, also
/// separates ids when the text around it does not match a rule as a whole (`98 102`,
/// `No.98/102`; but `3/1/1.1` and `A 7.14` stay one id when a rule matches them).
public enum CrossReferenceCell {
    public struct Token: Equatable, Sendable {
        /// The id (or the whole range) as written in the cell.
        public var written: String
        /// Where `written` starts: 0-based offset in Characters of the cell text.
        public var offset: Int
        /// The target item; `writtenItem` is `written`.
        public var target: ItemReference
        /// The level annotation that applies, its text as written inside the parentheses (`LV2`,
        /// `Lv1`, `ＬＶ１`, `★3`); read it with the target catalog's level vocabulary.
        public var level: String?
        /// Other annotations that apply (`参考`), as written, joined by "; ".
        public var note: String?
        /// Index of the rule that matched.
        public var rule: Int
        /// True when the token is one id of an expanded range.
        public var fromRange: Bool

        public init(written: String, offset: Int, target: ItemReference, level: String? = nil, note: String? = nil,
                    rule: Int, fromRange: Bool = false) {
            self.written = written
            self.offset = offset
            self.target = target
            self.level = level
            self.note = note
            self.rule = rule
            self.fromRange = fromRange
        }
    }

    /// An error in the cell: the text as written, where it starts, and what is wrong.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var written: String
        /// 0-based offset in Characters of the cell text.
        public var offset: Int
        public var message: String

        public init(written: String, offset: Int, message: String) {
            self.written = written
            self.offset = offset
            self.message = message
        }

        public var description: String { message }
    }

    public enum Content: Equatable, Sendable {
        /// Nothing but blanks: not reviewed.
        case empty
        /// Reviewed, no counterpart; the marker as written.
        case noCounterpart(String)
        /// The ids read (those that could be read when there are problems).
        case links([Token])
    }

    public struct Result: Equatable, Sendable {
        public var content: Content
        /// Every problem is an error: the cell must not be imported as it is.
        public var problems: [Problem]

        public var tokens: [Token] {
            if case .links(let tokens) = content { return tokens }
            return []
        }
    }

    /// Whole-cell "reviewed, no counterpart" markers, as normalised keys (one or more dashes
    /// are also a marker: `―`, `-`, `－`, `--`).
    public static let noCounterpartMarkers: Set<String> = ["なし", "該当なし", "#n/a", "n/a"]

    /// Characters that end an id and start the next one.
    static let separators: Set<Character> = [",", "、", ";", "・", "\n"]

    static func isDigit(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return a >= 0x30 && a <= 0x39
    }

    /// Line (0-based, within the cell) and column (1-based, in Characters) of a Character offset
    /// in the cell text, to place a token of a multi-line CSV cell in its file.
    public static func lineAndColumn(ofOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 0, column = 1, index = 0
        for ch in text {
            if index == offset { break }
            if ch.isNewline { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
        return (line, column)
    }

    public static func parse(_ text: String, rules: [CrossReferenceRule]) -> Result {
        var reader = Reader(text: text, rules: rules)
        return reader.read()
    }

    /// The cell read once, Character by Character, keeping where each normalised Character
    /// came from.
    struct Reader {
        let rules: [CrossReferenceRule]
        let original: [Character]
        /// Normalised Characters (NFKD then NFC, folded, ASCII lower-cased, blanks as " ",
        /// line breaks as "\n").
        var chars: [Character] = []
        /// `origin[i]`: index in `original` of the Character `chars[i]` came from.
        var origin: [Int] = []
        var tokens: [Token] = []
        var problems: [Problem] = []
        /// Annotation state: tokens from `groupStart` get the next annotation.
        var groupStart = 0
        var groupHasIDs = false
        var afterAnnotation = false

        init(text: String, rules: [CrossReferenceRule]) {
            self.rules = rules
            original = Array(text)
            for (index, ch) in original.enumerated() {
                for c in CrossReferenceRule.normalized(String(ch)) {
                    chars.append(c)
                    origin.append(index)
                }
            }
        }

        /// The text as written of normalised Characters `range`.
        func written(_ range: Range<Int>) -> String {
            guard !range.isEmpty else { return "" }
            return String(original[origin[range.lowerBound]...origin[range.upperBound - 1]])
        }

        func offset(_ index: Int) -> Int { index < origin.count ? origin[index] : original.count }

        /// A problem with the text of `range`, surrounding blanks left out.
        mutating func problem(_ range: Range<Int>, _ message: String) {
            var range = range
            while range.count > 1, chars[range.lowerBound].isWhitespace { range = (range.lowerBound + 1)..<range.upperBound }
            while range.count > 1, chars[range.upperBound - 1].isWhitespace { range = range.lowerBound..<(range.upperBound - 1) }
            problems.append(Problem(written: written(range), offset: offset(range.lowerBound), message: message))
        }

        mutating func read() -> Result {
            let compact = String(chars.filter { !$0.isWhitespace })
            if compact.isEmpty { return Result(content: .empty, problems: []) }
            if compact.allSatisfy({ $0 == "-" }) || CrossReferenceCell.noCounterpartMarkers.contains(compact) {
                let first = chars.firstIndex { !$0.isWhitespace }!
                let last = chars.lastIndex { !$0.isWhitespace }!
                return Result(content: .noCounterpart(written(first..<(last + 1))), problems: [])
            }
            var segmentStart = 0
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if CrossReferenceCell.separators.contains(c) {
                    readSegment(segmentStart..<i)
                    i += 1
                    segmentStart = i
                } else if c == "(" {
                    readSegment(segmentStart..<i)
                    guard let close = chars[(i + 1)...].firstIndex(of: ")") else {
                        problem(i..<chars.count, "'(' is not closed by ')'")
                        segmentStart = chars.count
                        break
                    }
                    annotate(i..<(close + 1))
                    i = close + 1
                    segmentStart = i
                } else {
                    i += 1
                }
            }
            readSegment(segmentStart..<chars.count)
            return Result(content: .links(tokens), problems: problems)
        }

        /// A parenthesised annotation: a level (`LV2`, `Lv.1`, `レベル1`, `★3`) or a note, for
        /// the ids since the previous annotation.
        mutating func annotate(_ range: Range<Int>) {
            let innerRange = (range.lowerBound + 1)..<(range.upperBound - 1)
            let inner = Normalization.display(written(innerRange))
            let key = String(chars[innerRange].filter { !$0.isWhitespace })
            if key.isEmpty { return }
            guard groupHasIDs else {
                problem(range, "the annotation '\(written(range))' follows no id; write it after the id(s) it applies to")
                return
            }
            afterAnnotation = true
            let isLevel = ["lv.", "lv", "level", "レベル", "★"].contains { prefix in
                key.hasPrefix(prefix) && key.count > prefix.count && key.dropFirst(prefix.count).allSatisfy(CrossReferenceCell.isDigit)
            }
            for index in groupStart..<tokens.count {
                if isLevel {
                    if let level = tokens[index].level, level != inner {
                        problem(range, "'\(tokens[index].written)' has two levels: '\(level)' and '\(inner)'")
                        return
                    }
                    tokens[index].level = inner
                } else {
                    tokens[index].note = tokens[index].note.map { "\($0); \(inner)" } ?? inner
                }
            }
        }

        /// Marks the start of ids for the next annotation.
        mutating func beginIDs() {
            if afterAnnotation {
                groupStart = tokens.count
                afterAnnotation = false
            }
            groupHasIDs = true
        }

        /// Text between separators and annotations: words split at blanks and `/`, grouped
        /// into the fewest ids (or ranges) that rules match, never joining two digits across a blank.
        mutating func readSegment(_ range: Range<Int>) {
            // Words: maximal runs of Characters other than blanks and "/".
            var words: [Range<Int>] = []
            var start: Int?
            for i in range {
                let soft = chars[i].isWhitespace || chars[i] == "/"
                if soft {
                    if let s = start { words.append(s..<i); start = nil }
                } else if start == nil {
                    start = i
                }
            }
            if let s = start { words.append(s..<range.upperBound) }
            guard !words.isEmpty else {
                // Only "/" and blanks: nothing to read unless a "/" stands alone.
                if let first = chars[range].firstIndex(of: "/"), let last = chars[range].lastIndex(of: "/") {
                    beginIDs()
                    problem(first..<(last + 1), "'\(written(first..<(last + 1)))' is not an id")
                }
                return
            }
            beginIDs()
            // Joining across a blank between two digits is never allowed (`98 102` are two ids).
            func hardBreak(after w: Int) -> Bool {
                let gap = words[w].upperBound..<words[w + 1].lowerBound
                return !chars[gap].contains("/") && CrossReferenceCell.isDigit(chars[words[w].upperBound - 1])
                    && CrossReferenceCell.isDigit(chars[words[w + 1].lowerBound])
            }
            let maxWords = 8
            let n = words.count
            // best[i]: fewest groups covering words[0..<i] and the start of the last group.
            var best = [(count: Int, from: Int)?](repeating: nil, count: n + 1)
            var readings: [Range<Int>: GroupReading] = [:]
            best[0] = (0, 0)
            for end in 1...n {
                var from = end - 1
                while from >= 0, end - from <= maxWords {
                    if let prior = best[from] {
                        let span = words[from].lowerBound..<words[end - 1].upperBound
                        let reading = readGroup(span)
                        if case .unmatched = reading {} else {
                            readings[from..<end] = reading
                            if best[end] == nil || prior.count + 1 < best[end]!.count { best[end] = (prior.count + 1, from) }
                        }
                    }
                    if from > 0, hardBreak(after: from - 1) { break }
                    from -= 1
                }
            }
            guard best[n] != nil else {
                let span = words[0].lowerBound..<words[n - 1].upperBound
                problem(span, unmatchedMessage(span))
                return
            }
            var groups: [Range<Int>] = []
            var end = n
            while end > 0 {
                let from = best[end]!.from
                groups.append(from..<end)
                end = from
            }
            for group in groups.reversed() {
                switch readings[group]! {
                case .tokens(let found): tokens += found
                case .problem(let p): problems.append(p)
                case .unmatched: break
                }
            }
        }

        enum GroupReading {
            case tokens([Token])
            case problem(Problem)
            case unmatched
        }

        func firstRule(_ text: ArraySlice<Character>) -> (rule: Int, numbers: [String])? {
            for (index, rule) in rules.enumerated() {
                if let numbers = rule.match(text) { return (index, numbers) }
            }
            return nil
        }

        func unmatchedMessage(_ span: Range<Int>) -> String {
            let text = written(span)
            if rules.isEmpty { return "'\(text)' cannot be read: the recipe gives no pattern for this column" }
            let patterns = rules.map { "'\($0.pattern)'" }.joined(separator: ", ")
            var message = "'\(text)' matches no pattern of this column (\(patterns))"
            let key = chars[span].filter { !$0.isWhitespace }
            if key.allSatisfy({ $0 == "-" }) || CrossReferenceCell.noCounterpartMarkers.contains(String(key)) {
                message += "; a 'no counterpart' mark must be the whole cell"
            }
            return message
        }

        /// One id or one range, from normalised Characters `span` (blanks inside ignored).
        func readGroup(_ span: Range<Int>) -> GroupReading {
            let compact = chars[span].filter { !$0.isWhitespace }
            let text = written(span)
            let at = offset(span.lowerBound)
            if let match = firstRule(compact[...]) {
                let target = reference(rules[match.rule], match.numbers, written: text)
                return .tokens([Token(written: text, offset: at, target: target, rule: match.rule)])
            }
            // A range: split at "~" (or, when there is none, at "-"); both ends must match one rule.
            let operators: [Int] = compact.contains("~")
                ? compact.indices.filter { compact[$0] == "~" }
                : compact.indices.filter { compact[$0] == "-" }
            var ranges: [(rule: Int, low: [String], high: [String])] = []
            var mixed: (Int, Int)?
            for p in operators where p > 0 && p < compact.count - 1 {
                guard let low = firstRule(compact[..<p]), let high = firstRule(compact[(p + 1)...]) else { continue }
                if low.rule == high.rule { ranges.append((low.rule, low.numbers, high.numbers)) } else { mixed = (low.rule, high.rule) }
            }
            func failure(_ message: String) -> GroupReading {
                .problem(Problem(written: text, offset: at, message: message))
            }
            if ranges.count > 1 {
                return failure("range '\(text)' can be split in more than one way; write its ends with '〜'")
            }
            guard let range = ranges.first else {
                if let mixed {
                    return failure("the ends of range '\(text)' have different shapes ('\(rules[mixed.0].pattern)' and '\(rules[mixed.1].pattern)'); a range runs between two ids of one pattern")
                }
                return .unmatched
            }
            let rule = rules[range.rule]
            guard rule.expandsRanges else {
                return failure("range '\(text)' cannot be expanded: the ids of pattern '\(rule.pattern)' (catalog '\(rule.catalog)') are not declared to be numbered in one sequence; list the ids one by one")
            }
            guard range.low.dropLast() == range.high.dropLast() else {
                return failure("range '\(text)' cannot be expanded: its ends differ before the last number")
            }
            guard let lowText = range.low.last, let highText = range.high.last,
                  let low = Int(lowText), let high = Int(highText) else {
                return failure("range '\(text)' cannot be expanded: a number is too large")
            }
            guard low <= high else { return failure("range '\(text)' runs backwards (\(low) > \(high))") }
            guard high - low < CrossReferenceRule.maxRangeLength else {
                return failure("range '\(text)' would expand to \(high - low + 1) ids (at most \(CrossReferenceRule.maxRangeLength))")
            }
            // Keep a zero-padded width (`01〜05`).
            let width = lowText.count > 1 && lowText.hasPrefix("0") ? lowText.count : 0
            var found: [Token] = []
            for value in low...high {
                var digits = String(value)
                if digits.count < width { digits = String(repeating: "0", count: width - digits.count) + digits }
                let numbers = Array(range.low.dropLast()) + [digits]
                found.append(Token(written: text, offset: at, target: reference(rule, numbers, written: text),
                                   rule: range.rule, fromRange: true))
            }
            return .tokens(found)
        }

        func reference(_ rule: CrossReferenceRule, _ numbers: [String], written: String) -> ItemReference {
            var target = ItemReference(catalog: rule.catalog, item: rule.itemKey(numbers))
            target.writtenItem = written
            return target
        }
    }
}
