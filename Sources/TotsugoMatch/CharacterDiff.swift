/// A character-level diff of two texts (Japanese has no word boundaries to diff on), from a
/// longest common subsequence. Adjacent runs of one kind are merged, and a deletion always
/// comes before the insertion it pairs with.
public struct CharacterDiff: Equatable, Sendable {
    public enum Operation: String, Sendable { case equal, delete, insert }

    public struct Segment: Equatable, Sendable {
        public var operation: Operation
        public var text: String
    }

    public var segments: [Segment]

    /// Texts longer than this product of lengths are diffed as one replacement.
    public static let cellLimit = 4_000_000

    public init(old: String, new: String) {
        let a = Array(old), b = Array(new)
        // Trim the common prefix and suffix first: most edits are local.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let midA = Array(a[prefix..<(a.count - suffix)]), midB = Array(b[prefix..<(b.count - suffix)])
        var ops: [(Operation, Character)] = a[..<prefix].map { (.equal, $0) }
        ops += Self.middle(midA, midB)
        ops += a[(a.count - suffix)...].map { (.equal, $0) }
        var segments: [Segment] = []
        for (operation, character) in ops {
            if let last = segments.last, last.operation == operation {
                segments[segments.count - 1].text.append(character)
            } else {
                segments.append(Segment(operation: operation, text: String(character)))
            }
        }
        self.segments = segments
    }

    static func middle(_ a: [Character], _ b: [Character]) -> [(Operation, Character)] {
        if a.isEmpty { return b.map { (.insert, $0) } }
        if b.isEmpty { return a.map { (.delete, $0) } }
        if a.count * b.count > cellLimit { return a.map { (.delete, $0) } + b.map { (.insert, $0) } }
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var ops: [(Operation, Character)] = []
        var deleted: [Character] = [], inserted: [Character] = []
        func flush() {
            ops += deleted.map { (.delete, $0) } + inserted.map { (.insert, $0) }
            deleted = []; inserted = []
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                flush(); ops.append((.equal, a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                deleted.append(a[i]); i += 1
            } else {
                inserted.append(b[j]); j += 1
            }
        }
        flush()
        return ops
    }

    /// `[-old-]{+new+}` inline notation (as `git diff --word-diff`).
    public var inline: String {
        segments.map { segment in
            switch segment.operation {
            case .equal: segment.text
            case .delete: "[-\(segment.text)-]"
            case .insert: "{+\(segment.text)+}"
            }
        }.joined()
    }
}
