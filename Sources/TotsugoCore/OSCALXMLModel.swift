/// How OSCAL 1.2 documents are written in XML and in JSON, for the parts of the catalog and
/// mapping models totsugo reads and writes (docs/oscal.md, "OSCAL XML"): taken from NIST's
/// metaschemas (usnistgov/OSCAL v1.2.2, `src/metaschema/oscal_catalog_metaschema.xml`,
/// `oscal_mapping_metaschema.xml` and the modules they import). XML attributes (flags) are JSON
/// string members of the same name; an element is a member named by its group-as name when
/// it may repeat (`prop` → `props`, an array) or by its own name; markup fields are Markdown
/// strings in JSON; a `part`'s prose stands unwrapped in XML (its `p`, `ul`, … children).
/// Children are listed in the model's order, which XML keeps (JSON has no order).
public enum OSCALXMLModel {
    /// OSCAL's XML namespace (all OSCAL versions 1.x).
    public static let namespace = "http://csrc.nist.gov/ns/oscal/1.0"

    public enum Kind: Sendable, Equatable {
        /// An element with flags and children: a JSON object (`definitions[name]`).
        case assembly(String)
        /// Plain text: a JSON string.
        case field
        /// markup-line: inline markup, a Markdown string in JSON.
        case markupLine
        /// markup-multiline in a wrapper element (`remarks`, `description`): blocks, Markdown.
        case markupMultiline
        /// A part's prose: block elements standing unwrapped among the part's children.
        case prose
        /// Read by totsugo's readers as "not imported" only: converted structurally (flags as
        /// strings, children by element name), never looked into.
        case opaque
    }

    public struct Child: Sendable {
        /// Element name in XML (for `.prose`, "prose": the block elements stand for it).
        public let xml: String
        /// Member name in JSON.
        public let json: String
        /// Whether it may repeat (a JSON array).
        public let many: Bool
        public let kind: Kind
        /// Position in the model (children of one choice share it).
        public let order: Int
    }

    public struct Definition: Sendable {
        public let name: String
        public let flags: [String]
        public let children: [Child]

        public func child(xml name: String) -> Child? {
            if OSCALXMLModel.blockElements.contains(name), let prose = children.first(where: { $0.kind == .prose }) { return prose }
            return children.first { $0.xml == name }
        }

        public func child(json name: String) -> Child? { children.first { $0.json == name } }
    }

    /// Block elements of markup-multiline.
    public static let blockElements: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "table", "blockquote", "hr"]

    /// `"prop*props"`: element `prop`, JSON `props`, repeating; `"title"`: single, same name;
    /// a leading `|` shares the order of the previous child (a choice).
    static func definition(_ name: String, flags: [String], _ children: [(String, Kind)]) -> (String, Definition) {
        var order = 0
        var made: [Child] = []
        for (spec, kind) in children {
            var spec = Substring(spec)
            if spec.hasPrefix("|") { spec = spec.dropFirst() } else { order += 1 }
            let parts = spec.split(separator: "*", omittingEmptySubsequences: false)
            made.append(Child(xml: String(parts[0]), json: String(parts.count > 1 ? parts[1] : parts[0]), many: parts.count > 1, kind: kind, order: order))
        }
        return (name, Definition(name: name, flags: flags, children: made))
    }

    /// The root elements totsugo reads, with their definitions.
    public static let roots: [String: String] = ["catalog": "catalog", "mapping-collection": "mapping-collection"]

    public static let definitions: [String: Definition] = Dictionary(uniqueKeysWithValues: [
        definition("catalog", flags: ["uuid"], [
            ("metadata", .assembly("metadata")), ("param*params", .opaque), ("control*controls", .assembly("control")),
            ("group*groups", .assembly("group")), ("back-matter", .assembly("back-matter")),
        ]),
        definition("metadata", flags: [], [
            ("title", .markupLine), ("published", .field), ("last-modified", .field), ("version", .field), ("oscal-version", .field),
            ("revisions", .opaque), ("document-id*document-ids", .opaque), ("prop*props", .assembly("prop")), ("link*links", .opaque),
            ("role*roles", .opaque), ("location*locations", .opaque), ("party*parties", .assembly("party")),
            ("responsible-party*responsible-parties", .opaque), ("action*actions", .opaque), ("remarks", .markupMultiline),
        ]),
        definition("party", flags: ["uuid", "type"], [
            ("name", .field), ("short-name", .field), ("external-id*external-ids", .opaque), ("prop*props", .opaque), ("link*links", .opaque),
            ("email-address*email-addresses", .opaque), ("telephone-number*telephone-numbers", .opaque), ("address*addresses", .opaque),
            ("|location-uuid*location-uuids", .opaque), ("member-of-organization*member-of-organizations", .opaque), ("remarks", .markupMultiline),
        ]),
        definition("prop", flags: ["name", "uuid", "ns", "value", "class", "group"], [("remarks", .markupMultiline)]),
        definition("group", flags: ["id", "class"], [
            ("title", .markupLine), ("param*params", .opaque), ("prop*props", .assembly("prop")), ("link*links", .opaque),
            ("part*parts", .assembly("part")), ("group*groups", .assembly("group")), ("|control*controls", .assembly("control")),
        ]),
        definition("control", flags: ["id", "class"], [
            ("title", .markupLine), ("param*params", .opaque), ("prop*props", .assembly("prop")), ("link*links", .opaque),
            ("part*parts", .assembly("part")), ("control*controls", .assembly("control")),
        ]),
        definition("part", flags: ["id", "name", "ns", "class"], [
            ("title", .markupLine), ("prop*props", .assembly("prop")), ("prose", .prose), ("part*parts", .assembly("part")), ("link*links", .opaque),
        ]),
        definition("back-matter", flags: [], [("resource*resources", .assembly("resource"))]),
        definition("resource", flags: ["uuid"], [
            ("title", .markupLine), ("description", .markupMultiline), ("prop*props", .assembly("prop")), ("document-id*document-ids", .opaque),
            ("citation", .opaque), ("rlink*rlinks", .assembly("rlink")), ("base64", .opaque), ("remarks", .markupMultiline),
        ]),
        definition("rlink", flags: ["href", "media-type"], [("hash*hashes", .opaque)]),
        definition("mapping-collection", flags: ["uuid"], [
            ("metadata", .assembly("metadata")), ("provenance", .assembly("provenance")), ("mapping*mappings", .assembly("mapping")),
            ("back-matter", .assembly("back-matter")),
        ]),
        definition("provenance", flags: ["method", "matching-rationale", "status"], [
            ("confidence-score", .opaque), ("coverage", .opaque), ("mapping-description", .markupMultiline),
            ("responsible-party*responsible-parties", .opaque), ("prop*props", .assembly("prop")), ("link*links", .opaque), ("remarks", .markupMultiline),
        ]),
        definition("mapping", flags: ["uuid", "method", "matching-rationale", "status"], [
            ("source-resource", .assembly("resource-reference")), ("target-resource", .assembly("resource-reference")),
            ("map*maps", .assembly("map")), ("prop*props", .assembly("prop")), ("link*links", .opaque), ("remarks", .markupMultiline),
            ("mapping-description", .markupMultiline), ("source-gap-summary", .assembly("gap-summary")), ("target-gap-summary", .assembly("gap-summary")),
            ("confidence-score", .opaque), ("coverage", .opaque),
        ]),
        definition("resource-reference", flags: ["ns", "type", "href"], [
            ("prop*props", .assembly("prop")), ("link*links", .opaque), ("remarks", .markupMultiline),
        ]),
        definition("map", flags: ["uuid", "ns", "matching-rationale"], [
            ("relationship", .field), ("source*sources", .assembly("mapping-item")), ("target*targets", .assembly("mapping-item")),
            ("qualifier*qualifiers", .opaque), ("confidence-score", .opaque), ("coverage", .opaque), ("prop*props", .assembly("prop")),
            ("link*links", .opaque), ("remarks", .markupMultiline),
        ]),
        definition("mapping-item", flags: ["type", "id-ref"], [
            ("prop*props", .assembly("prop")), ("link*links", .opaque), ("remarks", .markupMultiline),
        ]),
        definition("gap-summary", flags: ["uuid"], [("unmapped-controls*unmapped-controls", .assembly("select-control-by-id"))]),
        definition("select-control-by-id", flags: ["with-child-controls"], [("with-id*with-ids", .field), ("matching*matching", .assembly("matching"))]),
        definition("matching", flags: ["pattern"], [("remarks", .markupMultiline)]),
    ])
}
