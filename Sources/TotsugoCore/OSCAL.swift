/// What the OSCAL export and import agree on (docs/oscal.md): the OSCAL version declared, the
/// namespace of this project's props, their names, and how item ids become OSCAL ids.
public enum OSCAL {
    /// Declared as `oscal-version`: the newest version compliance-trestle 5.2 accepts (1.2.0–1.2.1);
    /// the 1.2.2 patch changed no JSON shape of catalogs or mapping collections.
    public static let version = "1.2.1"
    /// Versions the importer accepts for mapping collections (the model is new in 1.2).
    public static let acceptedVersions: Set<String> = ["1.2.0", "1.2.1", "1.2.2"]
    /// Versions the importer accepts for catalogs: also 1.1 (the catalog model is the same for
    /// what totsugo reads, and NIST publishes SP 800-53 rev5 as 1.1.2).
    public static let acceptedCatalogVersions: Set<String> = acceptedVersions.union(["1.1.0", "1.1.1", "1.1.2", "1.1.3"])
    /// OSCAL's own namespace (props without `ns`).
    public static let oscalNamespace = "http://csrc.nist.gov/ns/oscal"
    /// This project's namespace for its props (an absolute URI that names, not locates).
    public static let namespace = "urn:totsugo:oscal"
    /// The namespace of the UUID v5 identifiers the export makes: the v5 UUID of `namespace`
    /// in RFC 9562's URL namespace. Fixed: changing it changes every uuid of every export.
    public static let uuidNamespace = "7680214f-4fdc-5ee9-8811-971af56ca9b4"

    /// Prop names in `namespace`.
    public enum Prop {
        public static let itemID = "item-id"
        public static let level = "level"
        public static let tag = "tag"
        public static let headingSource = "heading-source"
        public static let shortTitle = "short-title"
        public static let publisher = "publisher"
        public static let sourceDate = "source-date"
        public static let hierarchyLevel = "hierarchy-level"
        public static let levelName = "level-name"
        public static let completeness = "completeness"
        public static let totalItems = "total-items"
        public static let extent = "extent"
        public static let propertyName = "property-name"
        public static let propertyValue = "property-value"
        public static let provenance = "provenance"
        public static let catalogID = "catalog-id"
        public static let mappingID = "mapping-id"
        public static let sourceCatalog = "source-catalog"
        public static let targetCatalog = "target-catalog"
        public static let untitled = "untitled"
        public static let reviewer = "reviewer"
        /// A map's review state (`confirmed`; absent: unconfirmed), who reviewed it and when.
        public static let review = "review"
        public static let reviewDate = "review-date"
        public static let strength = "strength"
        public static let rationale = "rationale"
        public static let relationship = "relationship"
        public static let proposal = "proposal"
        public static let placement = "placement"
        public static let entryNote = "entry-note"
        public static let reviewedItem = "reviewed-item"
        public static let noRelationshipItem = "no-relationship-item"
        public static let noteText = "note"
        /// On a back-matter resource whose description is the text of a prop that cannot hold it
        /// (line breaks, spaces at either end, or a leading `#`); its value is the prop's name.
        public static let textOf = "text-of"
    }

    /// Whether `text` is an OSCAL token (ids, prop names): a letter or `_`, then letters,
    /// digits, `.`, `-`, `_`.
    public static func isToken(_ text: String) -> Bool {
        // ASCII (most ids) by byte: its letters and digits are the only alphabetic and numeric scalars there.
        if let ascii = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool? in
            guard ByteScan.isASCII(bytes) else { return nil }
            guard let first = bytes.first, isASCIILetter(first) || first == UInt8(ascii: "_") else { return false }
            return bytes.allSatisfy(isASCIITokenByte)
        }), let ascii { return ascii }
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { isTokenScalar($0) }
    }

    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    @inline(__always) static func isASCIITokenByte(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIITokenByte(UInt8(scalar.value)) }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "." || scalar == "-" || scalar == "_"
    }

    /// OSCAL control ids for the items of `catalog`, in catalog order: the item id when it is a
    /// token, else `_` before it and `_` for each character a token cannot hold (`1/1` →
    /// `_1_1`); a clash gets `-2`, `-3` in catalog order. The item id itself travels in the
    /// `item-id` prop whenever the two differ.
    public static func controlIDs(for catalog: Catalog) -> [String: String] {
        var result: [String: String] = [:]
        var used: Set<String> = []
        for item in catalog.allItems {
            let base = tokenized(item.id)
            var candidate = base
            var n = 2
            while used.contains(candidate) {
                candidate = "\(base)-\(n)"
                n += 1
            }
            used.insert(candidate)
            result[item.id] = candidate
        }
        return result
    }

    /// `id` as a token (no clash handling: for an item no catalog holds).
    public static func tokenized(_ id: String) -> String {
        guard !isToken(id) else { return id }
        var scalars = String.UnicodeScalarView()
        for scalar in id.unicodeScalars { scalars.append(isTokenScalar(scalar) ? scalar : "_") }
        let base = String(scalars)
        return isToken(base) ? base : "_" + base
    }

    /// OSCAL's word for a link's relationship. OSCAL has no bare `equal`: `equal-to` is the same
    /// wording, `equivalent-to` the same meaning. Our `equal` is `equal-to` unless its rationale
    /// is semantic or functional (then the claim is about meaning or results: `equivalent-to`,
    /// with the `relationship` prop `equal` so that it reads back as written).
    public static func relationshipWord(_ relationship: Relationship, rationale: Rationale?) -> (word: String, keepsEqual: Bool) {
        switch relationship {
        case .equal:
            if rationale == .semantic || rationale == .functional { return ("equivalent-to", true) }
            return ("equal-to", false)
        default: return (relationship.rawValue, false)
        }
    }

    /// OSCAL's relationship words (the importer accepts these and no others).
    public static let relationshipWords: [String: Relationship] = [
        "equal-to": .equal, "equivalent-to": .equivalentTo, "subset-of": .subsetOf, "superset-of": .supersetOf,
        "intersects-with": .intersectsWith, "no-relationship": .noRelationship,
    ]

    /// OSCAL provenance `status` values (the mapping's `status`).
    public static let statuses: Set<String> = ["complete", "not-complete", "draft", "deprecated", "superseded"]
    public static let methods: Set<String> = ["human", "automation", "hybrid"]
}
