import TotsugoCore

/// A file that may hold either a catalog or a mapping (OSCAL JSON: `catalog` or
/// `mapping-collection`); what it holds decides. Registered in `InputReaders.documents`.
public protocol DocumentReader: Sendable {
    var fileExtensions: [String] { get }
    func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> ReadDocument
}

/// What a `DocumentReader` read, with the warnings about what it could not carry over
/// (never dropped silently).
public struct ReadDocument: Sendable {
    public enum Content: Sendable {
        case catalog(Catalog)
        case mapping(Mapping)
    }
    public var content: Content
    public var warnings: [Diagnostic]
}

/// OSCAL 1.2 catalogs and mapping collections in JSON (docs/oscal.md), read stricter than the
/// OSCAL JSON Schema: every field must be one OSCAL defines where it stands (an unknown field
/// is an error), relationship, rationale, status and method values are checked, a map's
/// resources must resolve, and what this project's model cannot hold is reported as a warning
/// (counted per kind, with its first place) rather than dropped silently. Each problem is at
/// its `file:line:col`.
public struct OSCALJSONReader: DocumentReader {
    public init() {}
    public var fileExtensions: [String] { ["json"] }

    public func read(_ input: InputFile, limits: InputLimits) throws(DiagnosticError) -> ReadDocument {
        let json = try PositionedJSON.parse(input.bytes, file: input.path,
                                            limits: PositionedJSON.Limits(maxDepth: 4 * limits.maxDepth + 16))
        return try read(json: json, file: input.path, limits: limits)
    }

    /// Reads a document already parsed into OSCAL's JSON structure (from JSON, or from OSCAL
    /// XML by `OSCALXMLReader`, which shares every check made here).
    func read(json: PositionedJSON, file: String, limits: InputLimits) throws(DiagnosticError) -> ReadDocument {
        var context = OSCALReadContext(file: file, limits: limits)
        guard case .object(let members) = json.value else {
            throw DiagnosticError(.error(context.location(json), "an OSCAL document is a JSON object with one member, catalog or mapping-collection"))
        }
        let roots = members.filter { $0.key != "$schema" }
        for member in members where member.key == "$schema" {
            _ = context.string(member.value, "$schema")
        }
        guard roots.count == 1, let root = roots.first, root.key == "catalog" || root.key == "mapping-collection" else {
            let found = roots.map { "'\($0.key)'" }.joined(separator: ", ")
            throw DiagnosticError(.error(context.location(json),
                "an OSCAL document for totsugo holds one catalog or one mapping-collection (found \(found.isEmpty ? "nothing" : found))"))
        }
        let content: ReadDocument.Content
        if root.key == "catalog" {
            let catalog = OSCALCatalogReading(context: context).read(root.value)
            context = catalog.context
            content = .catalog(catalog.result)
        } else {
            var reading = OSCALMappingReading(context: context)
            let mapping = reading.read(root.value)
            context = reading.context
            content = .mapping(mapping)
        }
        let (errors, warnings) = context.finish()
        if !errors.isEmpty { throw DiagnosticError(.badInput, errors + warnings) }
        return ReadDocument(content: content, warnings: warnings)
    }
}

/// Diagnostics and field checks shared by the catalog and mapping readers.
struct OSCALReadContext {
    let file: String
    let limits: InputLimits
    var errors: [Diagnostic] = []
    /// What was read but cannot be held, per kind: how often, and where first.
    var notImported: [String: (count: Int, first: SourceLocation)] = [:]
    var order: [String] = []
    /// Texts of props that cannot hold them, by resource uuid (lower-case): see `OSCAL.Prop.textOf`.
    var texts: [String: (name: String, text: String)] = [:]

    init(file: String, limits: InputLimits) {
        self.file = file
        self.limits = limits
    }

    func location(_ value: PositionedJSON) -> SourceLocation { SourceLocation(file: file, line: value.line, column: value.column) }
    func location(_ member: PositionedJSON.Member) -> SourceLocation { SourceLocation(file: file, line: member.keyLine, column: member.keyColumn) }

    mutating func error(_ location: SourceLocation, _ message: String) {
        if errors.count < InputLimits.maxDiagnosticsPerFile { errors.append(.error(location, message)) }
    }

    mutating func skipped(_ kind: String, at location: SourceLocation) {
        if let known = notImported[kind] {
            notImported[kind] = (known.count + 1, known.first)
        } else {
            notImported[kind] = (1, location)
            order.append(kind)
        }
    }

    func finish() -> (errors: [Diagnostic], warnings: [Diagnostic]) {
        let warnings = order.map { kind in
            let (count, first) = notImported[kind]!
            return Diagnostic(.warning, at: first, "\(kind): not imported (totsugo's model has no place for it); \(count) occurrence\(count == 1 ? "" : "s") in this file, the first here")
        }
        return (errors, warnings)
    }

    /// The members of an object, checked: each key must be in `read` (returned) or `skip`
    /// (OSCAL fields the model cannot hold: counted as not imported); any other is an error.
    mutating func fields(_ value: PositionedJSON, _ what: String, read: Set<String>, skip: Set<String> = [],
                         required: [String] = []) -> [String: PositionedJSON]? {
        guard case .object(let members) = value.value else {
            error(location(value), "\(what) must be an object, not \(value.typeName)")
            return nil
        }
        var result: [String: PositionedJSON] = [:]
        for member in members {
            if read.contains(member.key) {
                result[member.key] = member.value
            } else if skip.contains(member.key) {
                skipped("\(what).\(member.key)", at: location(member))
            } else {
                error(location(member), "unknown field '\(member.key)' in \(what) (OSCAL 1.2 defines: \((read.union(skip)).sorted().joined(separator: ", ")))")
            }
        }
        for key in required where result[key] == nil {
            error(location(value), "\(what) has no '\(key)' (required)")
        }
        return result
    }

    mutating func string(_ value: PositionedJSON?, _ what: String) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value.value else {
            error(location(value), "\(what) must be a string, not \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func array(_ value: PositionedJSON?, _ what: String, nonEmpty: Bool = true) -> [PositionedJSON] {
        guard let value else { return [] }
        guard case .array(let elements) = value.value else {
            error(location(value), "\(what) must be an array, not \(value.typeName)")
            return []
        }
        if nonEmpty, elements.isEmpty { error(location(value), "\(what) is an empty array (OSCAL: leave it out instead)") }
        return elements
    }

    /// A string that must be one of `allowed`.
    mutating func word(_ value: PositionedJSON?, _ what: String, allowed: [String]) -> String? {
        guard let value, let text = string(value, what) else { return nil }
        guard allowed.contains(text) else {
            error(location(value), "\(what) '\(text)' is not one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return text
    }

    mutating func uuid(_ value: PositionedJSON?, _ what: String) -> String? {
        guard let value, let text = string(value, what) else { return nil }
        let hex = Array(text.utf8)
        let dashes = [8, 13, 18, 23]
        let ok = hex.count == 36 && hex.indices.allSatisfy { index in
            dashes.contains(index) ? hex[index] == UInt8(ascii: "-")
                : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(hex[index]) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(hex[index])
                    || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(hex[index])
        } && [UInt8(ascii: "4"), UInt8(ascii: "5")].contains(hex[14]) && [UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "A"), UInt8(ascii: "B")].contains(hex[19])
        if !ok { error(location(value), "\(what) '\(text)' is not a version 4 or 5 UUID (OSCAL requires one)") }
        return text
    }

    mutating func token(_ value: PositionedJSON?, _ what: String) -> String? {
        guard let value, let text = string(value, what) else { return nil }
        if !OSCAL.isToken(text) { error(location(value), "\(what) '\(text)' is not an OSCAL token (a letter or '_', then letters, digits, '.', '-', '_')") }
        return text
    }

    /// A prop: name, value, ns (nil for OSCAL's own), group, with its location.
    struct Prop {
        var name: String
        var value: String
        var ns: String?
        var group: String?
        var propClass: String?
        var location: SourceLocation
        var ours: Bool { ns == OSCAL.namespace }
    }

    mutating func props(_ value: PositionedJSON?, _ what: String) -> [Prop] {
        array(value, "\(what).props").compactMap { element in
            guard let fields = fields(element, "\(what).props[]", read: ["name", "value", "ns", "group", "class", "uuid", "remarks"],
                                      required: ["name", "value"]) else { return nil }
            guard let name = token(fields["name"], "prop name"), let text = string(fields["value"], "prop value") else { return nil }
            if text.isEmpty || text.first!.isWhitespace || text.last!.isWhitespace || text.contains(where: \.isNewline) {
                error(location(fields["value"]!), "prop value must not be empty, hold a line break or start or end with a space (OSCAL)")
            }
            let ns = string(fields["ns"], "prop ns")
            if ns == OSCAL.oscalNamespace { /* OSCAL's own, written out */ }
            if let remarks = fields["remarks"] { skipped("\(what).props[].remarks", at: location(remarks)) }
            let propClass = fields["class"] == nil ? nil : token(fields["class"], "prop class")
            if fields["uuid"] != nil { _ = uuid(fields["uuid"], "prop uuid") }
            var value = text
            if ns == OSCAL.namespace, text.hasPrefix("#") {
                if let held = texts[String(text.dropFirst()).lowercased()], held.name == name {
                    value = held.text
                } else {
                    error(location(fields["value"]!), "prop '\(name)' value '\(text)' names no back-matter resource holding its text (one with the text-of prop '\(name)')")
                }
            }
            return Prop(name: name, value: value, ns: ns == OSCAL.oscalNamespace ? nil : ns, group: token(fields["group"], "prop group"),
                        propClass: propClass, location: location(element))
        }
    }

    /// OSCAL `metadata`: title, version and oscal-version checked; the rest counted as not imported.
    mutating func metadata(_ value: PositionedJSON?, _ what: String, versions: Set<String> = OSCAL.acceptedVersions) -> (title: String, version: String, props: [Prop], parties: [String])? {
        guard let value, let fields = fields(value, "\(what).metadata",
            read: ["title", "last-modified", "version", "oscal-version", "props", "parties", "published"],
            skip: ["revisions", "document-ids", "links", "roles", "locations", "responsible-parties", "actions", "remarks"],
            required: ["title", "last-modified", "version", "oscal-version"]) else { return nil }
        if let version = string(fields["oscal-version"], "oscal-version"), !versions.contains(version) {
            error(location(fields["oscal-version"]!), "oscal-version '\(version)' is not read by totsugo (it reads \(what) documents of OSCAL \(versions.sorted().joined(separator: ", ")))")
        }
        _ = string(fields["last-modified"], "last-modified")
        _ = string(fields["published"], "published")
        var parties: [String] = []
        for party in array(fields["parties"], "metadata.parties") {
            guard let partyFields = self.fields(party, "metadata.parties[]", read: ["uuid", "type", "name", "short-name"],
                skip: ["props", "links", "email-addresses", "telephone-numbers", "addresses", "location-uuids", "member-of-organizations", "external-ids", "remarks"],
                required: ["uuid", "type"]) else { continue }
            _ = uuid(partyFields["uuid"], "party uuid")
            if word(partyFields["type"], "party type", allowed: ["organization", "person"]) == "organization", let name = string(partyFields["name"], "party name") {
                parties.append(name)
            }
        }
        return (string(fields["title"], "title") ?? "", string(fields["version"], "version") ?? "", props(fields["props"], "metadata"), parties)
    }

    /// Reads the back-matter's resources: those holding prop texts go to `texts`; the others are
    /// returned (with their checked fields) for the caller.
    mutating func backMatter(_ value: PositionedJSON?, read: Set<String>, skip: Set<String>) -> [(PositionedJSON, [String: PositionedJSON], [Prop])] {
        guard let value, let backFields = fields(value, "back-matter", read: ["resources"]) else { return [] }
        var others: [(PositionedJSON, [String: PositionedJSON], [Prop])] = []
        var pending: [(PositionedJSON, [String: PositionedJSON])] = []
        for resource in array(backFields["resources"], "back-matter.resources") {
            guard let resourceFields = fields(resource, "back-matter.resources[]", read: read.union(["uuid", "description", "props"]),
                                              skip: skip, required: ["uuid"]) else { continue }
            pending.append((resource, resourceFields))
        }
        // Text resources first (other resources' props may refer to them).
        var rest: [(PositionedJSON, [String: PositionedJSON])] = []
        for (resource, resourceFields) in pending {
            if case .array(let props)? = resourceFields["props"]?.value,
               let textOf = props.first(where: { $0["name"].map { if case .string(OSCAL.Prop.textOf) = $0.value { true } else { false } } ?? false }),
               case .string(OSCAL.namespace)? = textOf["ns"]?.value {
                let uuid = uuid(resourceFields["uuid"], "resource uuid") ?? ""
                guard case .string(let name)? = textOf["value"]?.value, let description = string(resourceFields["description"], "description") else {
                    error(location(resource), "a text-of resource needs the prop's name as its value and the text as its description")
                    continue
                }
                texts[uuid.lowercased()] = (name, description)
            } else {
                rest.append((resource, resourceFields))
            }
        }
        for (resource, resourceFields) in rest {
            others.append((resource, resourceFields, props(resourceFields["props"], "back-matter.resources[]")))
        }
        return others
    }

    /// The file name without its folder and extensions (`x/NIST_SP-800-53_rev5_catalog.json` →
    /// `NIST_SP-800-53_rev5_catalog`; `a.catalog.oscal.json` → `a`), as a key.
    static func stem(_ path: String) -> String {
        var name = String(path.split(separator: "/").last ?? Substring(path))
        for suffix in [".json", ".xml", ".oscal", ".catalog", ".mapping"] where name.lowercased().hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        return Normalization.key(name)
    }
}

/// Reads a `catalog` (see `OSCALJSONReader`).
struct OSCALCatalogReading {
    var context: OSCALReadContext
    var builder: CatalogBuilder
    var result = Catalog(id: "", title: "", shortTitle: "", publisher: "", version: "", completeness: "")

    init(context: OSCALReadContext) {
        self.context = context
        builder = CatalogBuilder(file: context.file, limits: context.limits)
    }

    func read(_ value: PositionedJSON) -> Self {
        var copy = self
        copy.readCatalog(value)
        return copy
    }

    mutating func readCatalog(_ value: PositionedJSON) {
        guard let fields = context.fields(value, "catalog", read: ["uuid", "metadata", "groups", "controls", "back-matter"],
                                          skip: ["params"], required: ["uuid", "metadata"]) else { return }
        _ = context.uuid(fields["uuid"], "catalog uuid")
        let here = context.location(value)
        result.location = here
        let resources = context.backMatter(fields["back-matter"], read: ["title"], skip: ["document-ids", "citation", "rlinks", "base64", "remarks"])
        guard let metadata = context.metadata(fields["metadata"], "catalog", versions: OSCAL.acceptedCatalogVersions) else { return }
        result.title = metadata.title
        result.version = metadata.version
        var ours: [String: [OSCALReadContext.Prop]] = [:]
        for prop in metadata.props {
            if prop.ours { ours[prop.name, default: []].append(prop) } else { context.skipped("catalog.metadata.props (\(prop.name))", at: prop.location) }
        }
        let known: Set<String> = [OSCAL.Prop.catalogID, OSCAL.Prop.shortTitle, OSCAL.Prop.publisher, OSCAL.Prop.sourceDate, OSCAL.Prop.hierarchyLevel,
                                  OSCAL.Prop.levelName, OSCAL.Prop.completeness, OSCAL.Prop.extent, OSCAL.Prop.totalItems, OSCAL.Prop.propertyName, OSCAL.Prop.propertyValue]
        for (name, props) in ours where !known.contains(name) {
            context.error(props[0].location, "unknown totsugo prop '\(name)' on a catalog")
        }
        func single(_ name: String) -> OSCALReadContext.Prop? {
            guard let props = ours[name] else { return nil }
            if props.count > 1 { context.error(props[1].location, "prop '\(name)' is given more than once") }
            return props[0]
        }
        let fromProp = single(OSCAL.Prop.catalogID)
        let writtenID = fromProp?.value ?? OSCALReadContext.stem(context.file)
        result.id = Normalization.key(writtenID)
        result.writtenID = writtenID
        result.idLocation = fromProp?.location ?? here
        if result.id.isEmpty { context.error(here, "the catalog has no id: give it a catalog-id prop (ns \(OSCAL.namespace))") }
        result.shortTitle = single(OSCAL.Prop.shortTitle)?.value ?? result.title
        result.publisher = single(OSCAL.Prop.publisher)?.value ?? metadata.parties.first ?? ""
        result.date = single(OSCAL.Prop.sourceDate)?.value
        result.levelNames = (ours[OSCAL.Prop.hierarchyLevel] ?? []).map(\.value)
        result.completeness = single(OSCAL.Prop.completeness)?.value ?? ""
        let extent = single(OSCAL.Prop.extent), total = single(OSCAL.Prop.totalItems)
        if let declared = ours[OSCAL.Prop.levelName] {
            builder.declareLevels(declared.map { ($0.value, $0.location) })
            result.levelVocabulary = builder.vocabulary
        }
        result.extent = builder.extent(extent?.value, at: extent?.location ?? here, total: total?.value, totalAt: total?.location ?? here)
        let names = ours[OSCAL.Prop.propertyName] ?? [], values = ours[OSCAL.Prop.propertyValue] ?? []
        for name in names {
            guard let group = name.group, let value = values.first(where: { $0.group == group }) else {
                context.error(name.location, "property-name needs a group shared with one property-value")
                continue
            }
            result.properties.append(Catalog.Property(name: name.value, value: value.value))
        }
        for value in values where !names.contains(where: { $0.group != nil && $0.group == value.group }) {
            context.error(value.location, "property-value needs a group shared with one property-name")
        }

        var items: [CatalogItem] = []
        for group in context.array(fields["groups"], "catalog.groups") {
            if let item = readNode(group, isGroup: true, parentID: nil, depth: 1) { items.append(item) }
        }
        for control in context.array(fields["controls"], "catalog.controls") {
            if let item = readNode(control, isGroup: false, parentID: nil, depth: 1) { items.append(item) }
        }
        result.items = items
        builder.checkTotal(result.extent, at: total?.location ?? here)
        context.errors += builder.diagnostics
        builder.diagnostics = []

        for (resource, resourceFields, props) in resources {
            _ = context.uuid(resourceFields["uuid"], "resource uuid")
            _ = context.string(resourceFields["title"], "title")
            if props.contains(where: { $0.ours && $0.name == OSCAL.Prop.provenance }), let line = context.string(resourceFields["description"], "description") {
                result.provenance.append(line)
            } else {
                context.skipped("back-matter.resources[] (a resource that is not a totsugo provenance note)", at: context.location(resource))
            }
        }
        // A catalog not made by totsugo (no catalog-id prop): where it came from, in its own words.
        if !result.provenance.isEmpty || fromProp != nil { return }
        let fileName = String(context.file.split(separator: "/").last ?? Substring(context.file))
        result.provenance = ["OSCAL catalog \(fileName): \(metadata.title), version \(metadata.version)"]
    }

    /// A group or a control as an item (with its children).
    mutating func readNode(_ value: PositionedJSON, isGroup: Bool, parentID: String?, depth: Int) -> CatalogItem? {
        let what = isGroup ? "group" : "control"
        let here = context.location(value)
        do throws(DiagnosticError) {
            try builder.count(depth: depth, at: here)
        } catch {
            context.errors += error.diagnostics
            return nil
        }
        guard let fields = context.fields(value, what,
            read: isGroup ? ["id", "title", "props", "parts", "groups", "controls"] : ["id", "title", "props", "parts", "controls"],
            skip: isGroup ? ["class", "params", "links"] : ["class", "params", "links"],
            required: isGroup ? ["title"] : ["id", "title"]) else { return nil }
        let oscalID = context.token(fields["id"], "\(what) id")
        let title = context.string(fields["title"], "\(what) title") ?? ""
        var number = "", explicitID = oscalID, headingSource: HeadingSource = .quoted, untitled = false
        var levels: [String] = [], tags: [String] = []
        let props = context.props(fields["props"], what)
        // The number as printed: the label without a class (NIST also gives zero-padded ones).
        let label = props.first { !$0.ours && $0.name == "label" && $0.propClass == nil } ?? props.first { !$0.ours && $0.name == "label" }
        for prop in props {
            switch (prop.ours, prop.name) {
            case (false, "label") where label.map({ $0.location == prop.location }) ?? false: number = prop.value
            case (true, OSCAL.Prop.itemID): explicitID = prop.value
            case (true, OSCAL.Prop.headingSource):
                if prop.value == "none" { untitled = true } else { headingSource = builder.headingSource(prop.value, at: prop.location) }
            case (true, OSCAL.Prop.level): levels.append(prop.value)
            case (true, OSCAL.Prop.tag): tags.append(prop.value)
            case (true, _): context.error(prop.location, "unknown totsugo prop '\(prop.name)' on a \(what)")
            default: context.skipped("\(what).props (\(prop.name))", at: prop.location)
            }
        }
        guard let explicitID else {
            context.error(here, "this group has no id: totsugo needs one to name the item (mappings refer to items by id)")
            return nil
        }
        guard let id = builder.itemID(explicit: explicitID, number: number, parentID: parentID, at: here) else { return nil }
        var text: String?, note: String?
        for part in context.array(fields["parts"], "\(what).parts") {
            readPart(part, text: &text, note: &note)
        }
        var item = CatalogItem(id: id, number: number, heading: untitled ? "" : title, headingSource: headingSource, text: text,
                               levels: builder.levels(levels.isEmpty ? nil : levels.joined(separator: " "), at: here),
                               tags: builder.tags(tags.isEmpty ? nil : tags.joined(separator: " ")), note: note, location: here)
        item.children = []
        if isGroup {
            for group in context.array(fields["groups"], "group.groups") {
                if let child = readNode(group, isGroup: true, parentID: id, depth: depth + 1) { item.children.append(child) }
            }
        }
        for control in context.array(fields["controls"], "\(what).controls") {
            if let child = readNode(control, isGroup: false, parentID: id, depth: depth + 1) { item.children.append(child) }
        }
        return item
    }

    /// A part: the statement becomes the item's text (its sub-parts' prose joined below it, each
    /// after its label), a totsugo note its note; any other part is counted as not imported.
    mutating func readPart(_ value: PositionedJSON, text: inout String?, note: inout String?) {
        guard let fields = context.fields(value, "part", read: ["id", "name", "ns", "class", "title", "props", "prose", "parts", "links"],
                                          required: ["name"]) else { return }
        let name = context.token(fields["name"], "part name") ?? ""
        let ns = context.string(fields["ns"], "part ns")
        let here = context.location(value)
        if ns == OSCAL.namespace, name == OSCAL.Prop.noteText {
            note = context.string(fields["prose"], "prose")
        } else if ns == nil || ns == OSCAL.oscalNamespace, name == "statement" {
            var lines: [String] = []
            collectProse(value, into: &lines, labelled: false)
            let joined = lines.joined(separator: "\n")
            text = joined.isEmpty ? nil : joined
        } else {
            context.skipped("part '\(name)'", at: here)
        }
    }

    mutating func collectProse(_ value: PositionedJSON, into lines: inout [String], labelled: Bool) {
        guard case .object = value.value else { return }
        var label = ""
        if labelled {
            // Sub-parts are checked like any part.
            guard let fields = context.fields(value, "part", read: ["id", "name", "ns", "class", "title", "props", "prose", "parts", "links"], required: ["name"]) else { return }
            _ = context.token(fields["name"], "part name")
            for prop in context.props(fields["props"], "part") where prop.name == "label" && !prop.ours { label = prop.value + " " }
        }
        if let prose = value["prose"], let text = context.string(prose, "prose") { lines.append(label + text) }
        else if !label.isEmpty { lines.append(label.trimmingCharacters(in: .whitespaces)) }
        if case .array(let parts)? = value["parts"]?.value {
            for part in parts { collectProse(part, into: &lines, labelled: true) }
        }
    }
}
