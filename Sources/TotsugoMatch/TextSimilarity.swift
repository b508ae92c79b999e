import TotsugoCore

/// How alike two items' contents are, for finding the same item under a new number.
///
/// The compared text is the heading and the text, each normalised with `Normalization.key`
/// (compatibility forms folded, whitespace removed, ASCII lower-cased); the item number is
/// not part of it. The score is the Dice coefficient of the two multisets of character
/// bigrams: 2·|A∩B| / (|A|+|B|), 0–1. Character bigrams suit Japanese, which has no spaces
/// between words; they tolerate inserted or reordered phrases better than edit distance.
public enum TextSimilarity {
    /// Pairs scoring at least this are taken as the same item (see docs/check-and-diff.md,
    /// "Similarity threshold", for how it was tuned).
    public static let defaultThreshold = 0.65

    /// The normalised content of an item that similarity is computed over.
    public static func content(of item: CatalogItem) -> [Character] {
        Array(Normalization.key(item.heading) + "\u{1F}" + Normalization.key(item.text ?? ""))
    }

    public static func score(_ a: CatalogItem, _ b: CatalogItem) -> Double {
        dice(bigrams(content(of: a)), bigrams(content(of: b)))
    }

    /// Bigram counts; a one-character string counts as one "bigram" of itself.
    public static func bigrams(_ characters: [Character]) -> [String: Int] {
        var counts: [String: Int] = [:]
        if characters.count == 1 { counts[String(characters[0])] = 1 }
        guard characters.count >= 2 else { return counts }
        for i in 0..<(characters.count - 1) {
            counts[String([characters[i], characters[i + 1]]), default: 0] += 1
        }
        return counts
    }

    public static func dice(_ a: [String: Int], _ b: [String: Int]) -> Double {
        let total = a.values.reduce(0, +) + b.values.reduce(0, +)
        guard total > 0 else { return 1 }
        var shared = 0
        for (gram, count) in a { shared += min(count, b[gram] ?? 0) }
        return Double(2 * shared) / Double(total)
    }
}
