/// Relationship of a source (industry) item to a target item, read "source REL target".
/// Vocabulary of NIST IR 8477 set-theory mapping and OSCAL 1.2.
public enum Relationship: String, CaseIterable, Sendable {
    case equal = "equal"
    case equivalentTo = "equivalent-to"
    case subsetOf = "subset-of"
    case supersetOf = "superset-of"
    case intersectsWith = "intersects-with"
    case noRelationship = "no-relationship"

    /// Accepts the canonical spellings plus OSCAL's `equal-to` (= equal).
    public init?(parsing raw: String) {
        // A canonical spelling is its own key (lower-case ASCII, no space, no `_`, no `no` + digit).
        if let exact = Relationship(rawValue: raw) { self = exact; return }
        let key = Normalization.key(raw).replacingOccurrences(of: "_", with: "-")
        if key == "equal-to" { self = .equal; return }
        self.init(rawValue: key)
    }

    /// Full coverage of the target (equal, equivalent-to, superset-of), partial otherwise.
    public var coversTargetFully: Bool { self == .equal || self == .equivalentTo || self == .supersetOf }
}

/// Why the relationship holds (NIST IR 8477), strictest first.
public enum Rationale: String, CaseIterable, Sendable {
    case syntactic, semantic, functional
}

/// `catalog-id:item-id`; the item is nil when the reference names a whole catalog
/// (allowed only with `no-relationship`).
public struct ItemReference: Hashable, Sendable, CustomStringConvertible {
    public var catalog: String
    public var item: String?
    /// The item part as written in the input (before normalisation), for diagnostics; not
    /// part of equality or hashing.
    public var writtenItem: String?

    public static func == (a: Self, b: Self) -> Bool { a.catalog == b.catalog && a.item == b.item }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(catalog)
        hasher.combine(item)
    }

    /// The item `'as written'`, plus the normalised key when it differs: `'9（LV1）' (read as '9(lv1)')`.
    public var quotedItem: String { Normalization.quoted(writtenItem, key: item ?? "") }

    public init(catalog: String, item: String?) {
        self.catalog = catalog
        self.item = item
    }

    /// Parses `catalog:item` or `catalog`, normalising both parts as keys.
    public init?(parsing raw: String) {
        let catalogPart: Substring
        var itemPart: Substring?
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            // In ASCII only CR LF is a multi-byte Character, so the first ":" byte is the first
            // ":" Character: split without grapheme breaking.
            if let colon = raw.utf8.firstIndex(of: 0x3A) {
                catalogPart = raw[..<colon]
                itemPart = raw[raw.utf8.index(after: colon)...]
            } else {
                catalogPart = raw[...]
            }
        } else if let colon = raw.firstIndex(of: ":") {
            catalogPart = raw[..<colon]
            itemPart = raw[raw.index(after: colon)...]
        } else {
            catalogPart = raw[...]
        }
        let catalog = Normalization.key(String(catalogPart))
        guard !catalog.isEmpty else { return nil }
        self.catalog = catalog
        if let itemPart {
            let item = Normalization.key(String(itemPart))
            guard !item.isEmpty else { return nil }
            self.item = item
            self.writtenItem = String(itemPart)
        } else {
            self.item = nil
        }
    }

    public var description: String { item.map { "\(catalog):\($0)" } ?? catalog }
}

/// Whether a person has confirmed a link (docs/mapping-yaml.md, "Review state"). The YAML
/// keeps the English values; members see 未確認 / 確認済 / 却下.
public enum ReviewStatus: String, CaseIterable, Sendable {
    /// 未確認: written (by hand, by an import or from a suggestion) but nobody has confirmed it.
    case unconfirmed
    /// 確認済: a reviewer confirmed it.
    case confirmed
    /// 却下: a candidate a reviewer turned down (kept in an entry's `rejected`, never a link).
    case rejected

    /// The members' word.
    public var word: String {
        switch self {
        case .unconfirmed: "未確認"
        case .confirmed: "確認済"
        case .rejected: "却下"
        }
    }
}

/// One target of a mapping entry.
public struct MappingLink: Equatable, Sendable {
    public var target: ItemReference
    public var relationship: Relationship
    public var rationale: Rationale?
    /// 0–10 (NIST IR 8477 strength); nil when not given.
    public var strength: Int?
    public var note: String?
    /// Review state of this link: unconfirmed unless a reviewer confirmed it.
    public var review: ReviewStatus = .unconfirmed
    /// Who confirmed (or last reviewed) the link, and when (`YYYY-MM-DD`).
    public var reviewer: String?
    public var date: String?
    public var location: SourceLocation?

    public init(target: ItemReference, relationship: Relationship, rationale: Rationale? = nil,
                strength: Int? = nil, note: String? = nil, review: ReviewStatus = .unconfirmed,
                reviewer: String? = nil, date: String? = nil, location: SourceLocation? = nil) {
        self.target = target
        self.relationship = relationship
        self.rationale = rationale
        self.strength = strength
        self.note = note
        self.review = review
        self.reviewer = reviewer
        self.date = date
        self.location = location
    }
}

/// A candidate target a reviewer turned down: remembered so it is not suggested again.
public struct RejectedCandidate: Equatable, Sendable {
    public var target: ItemReference
    public var reviewer: String?
    public var date: String?
    public var note: String?
    public var location: SourceLocation?

    public init(target: ItemReference, reviewer: String? = nil, date: String? = nil, note: String? = nil, location: SourceLocation? = nil) {
        self.target = target
        self.reviewer = reviewer
        self.date = date
        self.note = note
        self.location = location
    }
}

/// The reviewed mapping of one source item. An entry with no links (or only
/// `no-relationship` links) means "reviewed: no counterpart"; an item with no entry at all
/// is "not reviewed yet".
public struct MappingEntry: Equatable, Sendable {
    /// Source item id (key).
    public var item: String
    /// `item` as written in the input, for diagnostics; not part of equality.
    public var writtenItem: String?
    public var links: [MappingLink]
    /// 反映案: what the industry sample regulation should say or change.
    public var proposal: String?
    /// Where an industry-only item goes in 付録5 (a target item reference).
    public var placement: ItemReference?
    public var note: String?
    /// Candidates a reviewer turned down (also on a `status: todo` entry).
    public var rejected: [RejectedCandidate] = []
    public var location: SourceLocation?

    public init(item: String, writtenItem: String? = nil, links: [MappingLink] = [], proposal: String? = nil,
                placement: ItemReference? = nil, note: String? = nil, rejected: [RejectedCandidate] = [],
                location: SourceLocation? = nil) {
        self.rejected = rejected
        self.item = item
        self.writtenItem = writtenItem
        self.links = links
        self.proposal = proposal
        self.placement = placement
        self.note = note
        self.location = location
    }
}

extension MappingEntry {
    public static func == (a: Self, b: Self) -> Bool {
        a.item == b.item && a.links == b.links && a.proposal == b.proposal && a.placement == b.placement
            && a.note == b.note && a.rejected == b.rejected && a.location == b.location
    }

    /// `'written'`, plus the key when normalisation changed it.
    public var quotedItem: String { Normalization.quoted(writtenItem, key: item) }
}

/// One mapping file: a source catalog mapped onto target catalogs.
public struct Mapping: Equatable, Sendable {
    public var id: String
    public var title: String?
    public var source: String
    /// Target catalog ids, in the column order of the 突合表.
    public var targets: [String]
    /// draft | complete | not-complete | deprecated | superseded (OSCAL provenance status).
    public var status: String
    public var reviewer: String?
    public var entries: [MappingEntry]
    /// Entries marked `status: todo` (a skeleton from `new-mapping`): listed, but not reviewed
    /// yet, so they count as unreviewed exactly like items with no entry. Kept for their items
    /// to be checked (unknown items, an item that also has a reviewed entry). No links.
    public var unreviewed: [MappingEntry] = []
    public var location: SourceLocation?
    /// The id as written in the file, and where, for diagnostics about the id.
    public var writtenID: String?
    public var idLocation: SourceLocation?

    /// `'written'`, plus the key when normalisation changed it.
    public var quotedID: String { Normalization.quoted(writtenID, key: id) }

    /// Longest mapping id in UTF-8 bytes: output names add at most `.regulation.lvN.minimum.<tag>.docx`
    /// and a temporary suffix, and file systems allow 255 bytes per name.
    public static let maxIDBytes = 150

    /// Why `id` cannot be the stem of output file names, or nil when it can: it must be one
    /// file-name component that no file system or shell treats specially: not empty, no `/` or
    /// `\`, no `.` (output names are `<id>.<kind>.<ext>`: an id `m.regulation` would write the
    /// file `regulation` writes for mapping `m`; also hidden files and `..`), no control or
    /// invisible format characters, none of `<>:"|?*` (not allowed on Windows), not a Windows
    /// device name (`con`, `nul`, `com1`…), at most `maxIDBytes` UTF-8 bytes. Japanese is fine.
    /// `written` is the id as the user wrote it: checked too, since normalisation drops some
    /// characters (NEL, format characters) that must be refused rather than lost.
    public static func fileNameProblem(_ id: String, written: String? = nil) -> String? {
        for scalar in (written ?? "").unicodeScalars where scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
            if let problem = characterProblem(scalar) { return problem }
        }
        if id.isEmpty { return "it is empty" }
        if id.hasPrefix(".") { return "it starts with '.' (a hidden file, or a folder above)" }
        let stem = id.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.lowercased() } ?? ""
        if windowsDeviceNames.contains(stem) {
            return "'\(stem)' is a device name on Windows (con, prn, aux, nul, com1–com9, lpt1–lpt9), not a file name"
        }
        for scalar in id.unicodeScalars {
            if let problem = characterProblem(scalar) { return problem }
            if scalar == "." {
                return "it contains '.', which separates the mapping id from the rest of an output file name "
                    + "(an id 'm.regulation' would write the same file as 'regulation' of mapping 'm')"
            }
        }
        if id.utf8.count > maxIDBytes { return "it is \(id.utf8.count) bytes long in UTF-8 (at most \(maxIDBytes))" }
        return nil
    }

    static let windowsDeviceNames: Set<String> = Set(["con", "prn", "aux", "nul"] + (1...9).flatMap { ["com\($0)", "lpt\($0)"] })

    private static func characterProblem(_ scalar: Unicode.Scalar) -> String? {
        let code = "U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))"
        switch scalar {
        case "/", "\\": return "it contains '\(scalar)' (a folder separator)"
        case "<", ">", ":", "\"", "|", "?", "*": return "it contains '\(scalar)', which file names cannot hold on Windows"
        default:
            switch scalar.properties.generalCategory {
            case .control: return "it contains the control character \(code)"
            case .format: return "it contains the invisible format character \(code) (it can make a file name read differently than it is)"
            default: return nil
            }
        }
    }

    public init(id: String, title: String? = nil, source: String, targets: [String], status: String = "draft",
                reviewer: String? = nil, entries: [MappingEntry] = [], location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.source = source
        self.targets = targets
        self.status = status
        self.reviewer = reviewer
        self.entries = entries
        self.location = location
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Review dates: `YYYY-MM-DD`, a real calendar date (Gregorian).
public enum ReviewDate {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}
