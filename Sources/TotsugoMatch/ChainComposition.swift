import TotsugoCore

/// What two links in a row say about their ends: `A r1 B` and `B r2 C` give `A (r1∘r2) C`.
///
/// Relationships read "source REL target" as sets of what each item asks for (NIST IR 8477):
/// `subset-of` = A ⊂ B, `superset-of` = A ⊃ B, `intersects-with` = they share something and each
/// has something the other has not. The table (docs/chains.md publishes it, every cell tested):
///
/// | r1 \ r2        | equal       | equivalent-to | subset-of   | superset-of   | intersects-with | no-relationship |
/// |----------------|-------------|---------------|-------------|---------------|-----------------|-----------------|
/// | equal          | equal       | equivalent-to | subset-of   | superset-of   | intersects-with | —               |
/// | equivalent-to  | equivalent-to | equivalent-to | subset-of | superset-of   | intersects-with | —               |
/// | subset-of      | subset-of   | subset-of     | subset-of   | intersects-with? | intersects-with? | —            |
/// | superset-of    | superset-of | superset-of   | intersects-with | superset-of | intersects-with | —               |
/// | intersects-with| intersects-with | intersects-with | intersects-with | intersects-with? | intersects-with? | — |
/// | no-relationship| —           | —             | —           | —             | —               | —               |
///
/// `?` = possibly: the two ends may share nothing at all (A ⊂ B ⊃ C: A and C both lie inside B,
/// maybe apart). `—` = no derived link. Nothing composed is ever stronger than what both links
/// say, and anything through `intersects-with` is at most `intersects-with`.
public struct ComposedRelationship: Equatable, Hashable, Sendable {
    public var relationship: Relationship
    /// False when the ends may share nothing (the `?` cells): "at most" this relationship.
    public var certain: Bool

    public init(_ relationship: Relationship, certain: Bool = true) {
        self.relationship = relationship
        self.certain = certain
    }

    /// `r1∘r2`, or nil when either link is `no-relationship` (no derived link).
    public static func compose(_ first: Relationship, _ second: Relationship) -> ComposedRelationship? {
        switch (first, second) {
        case (.noRelationship, _), (_, .noRelationship): return nil
        case (.equal, let x): return ComposedRelationship(x)
        case (let x, .equal): return ComposedRelationship(x)
        case (.equivalentTo, let x), (let x, .equivalentTo): return ComposedRelationship(x)
        case (.subsetOf, .subsetOf): return ComposedRelationship(.subsetOf)
        case (.supersetOf, .supersetOf): return ComposedRelationship(.supersetOf)
        // A ⊃ B and B ⊂ C: B lies in both, so they certainly share it.
        case (.supersetOf, .subsetOf): return ComposedRelationship(.intersectsWith)
        // A ⊃ B, B meets C: what B shares with C is in A.
        case (.supersetOf, .intersectsWith): return ComposedRelationship(.intersectsWith)
        // A meets B, B ⊂ C: what A shares with B is in C.
        case (.intersectsWith, .subsetOf): return ComposedRelationship(.intersectsWith)
        // A ⊂ B ⊃ C, A ⊂ B meets C, A meets B ⊃ C, A meets B meets C: A and C may be apart.
        case (.subsetOf, .supersetOf), (.subsetOf, .intersectsWith), (.intersectsWith, .supersetOf),
             (.intersectsWith, .intersectsWith):
            return ComposedRelationship(.intersectsWith, certain: false)
        }
    }

    /// Composes a whole path of links, left to right; nil as soon as a step gives none.
    public static func compose(_ path: [Relationship]) -> ComposedRelationship? {
        guard var result = path.first.map({ ComposedRelationship($0) }) else { return nil }
        if result.relationship == .noRelationship { return nil }
        for next in path.dropFirst() {
            guard let step = compose(result.relationship, next) else { return nil }
            result = ComposedRelationship(step.relationship, certain: result.certain && step.certain)
        }
        return result
    }

    /// How much a relationship tells, to pick the best of several paths between the same two
    /// items: equal > equivalent-to > subset-of / superset-of > intersects-with > possibly.
    public var rank: Int {
        let base: Int = switch relationship {
        case .equal: 5
        case .equivalentTo: 4
        case .subsetOf, .supersetOf: 3
        case .intersectsWith: 2
        case .noRelationship: 0
        }
        return base * 2 + (certain ? 1 : 0)
    }

    /// The weakest link's strength: the smallest of the path's strengths; nil when any link has
    /// none (an unknown strength is not a strong one).
    public static func strength(_ strengths: [Int?]) -> Int? {
        var result: Int?
        for strength in strengths {
            guard let strength else { return nil }
            result = min(result ?? strength, strength)
        }
        return result
    }
}
