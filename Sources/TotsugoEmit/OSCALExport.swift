import TotsugoCore

/// Catalogs as OSCAL catalogs and mappings as OSCAL mapping collections (JSON, OSCAL 1.2;
/// docs/oscal.md). Deterministic: uuids are name-based (v5) and `date` is the only time in
/// the output, so the same inputs and date give the same bytes.
public struct OSCALExport: Sendable {
    /// `last-modified` of every document (YYYY-MM-DD, written as midnight UTC); no clock is read.
    public var date: String

    public init(date: String) { self.date = date }

    /// `<id>.catalog.oscal.json`: a catalog and a mapping may share an id.
    public static func catalogFileName(_ id: String) -> String { "\(id).catalog.oscal.json" }
    /// `<id>.mapping.oscal.json`.
    public static func mappingFileName(_ id: String) -> String { "\(id).mapping.oscal.json" }

    var lastModified: String { "\(date)T00:00:00Z" }

    /// Collects the problems of one document (a text no prop can hold, an item with no control).
    final class Problems {
        var diagnostics: [Diagnostic] = []
        let file: String
        /// Texts no prop value can hold, as back-matter resources (uuid, prop name, text), in first use order.
        var texts: [(uuid: String, name: String, text: String)] = []
        let document: String
        init(file: String, document: String) {
            self.file = file
            self.document = document
        }

        /// `#uuid` of the resource holding `text` (one resource per distinct name and text).
        func textReference(_ name: String, _ text: String) -> String {
            let uuid = NameUUID.v5("\(document) text \(name) \(text)")
            if !texts.contains(where: { $0.uuid == uuid }) { texts.append((uuid, name, text)) }
            return "#" + uuid
        }

        /// The resources of `texts`.
        var textResources: [OrderedJSON] {
            texts.map { text in
                .object([
                    ("uuid", .string(text.uuid)),
                    ("description", .string(text.text)),
                    ("props", .array([.object([("name", .string(OSCAL.Prop.textOf)), ("ns", .string(OSCAL.namespace)), ("value", .string(text.name))])])),
                ])
            }
        }
        func error(_ location: SourceLocation?, _ message: String) {
            diagnostics.append(.error(location ?? SourceLocation(file: file), message))
        }
    }

    /// A prop in this project's namespace (OSCAL's own when `oscal`). A value a prop cannot hold
    /// (empty, line breaks, spaces at either end; or a leading `#`, which marks a reference) goes
    /// to a back-matter resource and the prop holds `#uuid` of it.
    static func prop(_ name: String, _ value: String, oscal: Bool = false, group: String? = nil,
                     at location: SourceLocation? = nil, _ problems: Problems) -> OrderedJSON {
        var written = value
        if !propValueIsValid(value) || value.hasPrefix("#") {
            if oscal || value.isEmpty {
                problems.error(location, "'\(name)' value '\(value)' cannot be an OSCAL prop value (it is empty, holds a line break or starts or ends with a space)")
            } else {
                written = problems.textReference(name, value)
            }
        }
        var members: [(String, OrderedJSON)] = [("name", .string(name))]
        if !oscal { members.append(("ns", .string(OSCAL.namespace))) }
        members.append(("value", .string(written)))
        if let group { members.append(("group", .string(group))) }
        return .object(members)
    }

    static func propValueIsValid(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        return !first.properties.isWhitespace && !last.properties.isWhitespace
            && !value.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }
    }

    // MARK: catalogs

    public func catalog(_ catalog: Catalog) -> (document: OrderedJSON, diagnostics: [Diagnostic]) {
        let problems = Problems(file: catalog.location?.file ?? catalog.id, document: "catalog \(catalog.id)")
        let here = catalog.location
        var props: [OrderedJSON] = [Self.prop(OSCAL.Prop.catalogID, catalog.id, at: here, problems)]
        if !catalog.shortTitle.isEmpty { props.append(Self.prop(OSCAL.Prop.shortTitle, catalog.shortTitle, at: here, problems)) }
        if !catalog.publisher.isEmpty { props.append(Self.prop(OSCAL.Prop.publisher, catalog.publisher, at: here, problems)) }
        if let date = catalog.date { props.append(Self.prop(OSCAL.Prop.sourceDate, date, at: here, problems)) }
        for name in catalog.levelNames { props.append(Self.prop(OSCAL.Prop.hierarchyLevel, name, at: here, problems)) }
        if !catalog.levelVocabulary.isStandard {
            for name in catalog.levelVocabulary.names { props.append(Self.prop(OSCAL.Prop.levelName, name, at: here, problems)) }
        }
        if !catalog.completeness.isEmpty { props.append(Self.prop(OSCAL.Prop.completeness, catalog.completeness, at: here, problems)) }
        if case .partial(let total) = catalog.extent {
            props.append(Self.prop(OSCAL.Prop.extent, "partial", at: here, problems))
            if let total { props.append(Self.prop(OSCAL.Prop.totalItems, String(total), at: here, problems)) }
        }
        for (index, property) in catalog.properties.enumerated() {
            let group = "property-\(index + 1)"
            props.append(Self.prop(OSCAL.Prop.propertyName, property.name, group: group, at: here, problems))
            props.append(Self.prop(OSCAL.Prop.propertyValue, property.value, group: group, at: here, problems))
        }
        let metadata: OrderedJSON = .object([
            ("title", .string(catalog.title)),
            ("last-modified", .string(lastModified)),
            ("version", .string(catalog.version.isEmpty ? date : catalog.version)),
            ("oscal-version", .string(OSCAL.version)),
            ("props", .array(props)),
        ])
        let ids = OSCAL.controlIDs(for: catalog)
        var root: [(String, OrderedJSON)] = [
            ("uuid", .string(NameUUID.v5("catalog \(catalog.id)"))),
            ("metadata", metadata),
        ]
        if !catalog.items.isEmpty {
            root.append(("controls", .array(catalog.items.map { control($0, ids: ids, problems) })))
        }
        let resources: [OrderedJSON] = catalog.provenance.enumerated().map { index, line in
            .object([
                ("uuid", .string(NameUUID.v5("catalog \(catalog.id) provenance \(index + 1)"))),
                ("description", .string(line)),
                ("props", .array([Self.prop(OSCAL.Prop.provenance, String(index + 1), at: here, problems)])),
            ])
        } + problems.textResources
        if !resources.isEmpty { root.append(("back-matter", .object([("resources", .array(resources))]))) }
        return (.object([("catalog", .object(root))]), problems.diagnostics)
    }

    func control(_ item: CatalogItem, ids: [String: String], _ problems: Problems) -> OrderedJSON {
        let id = ids[item.id] ?? OSCAL.tokenized(item.id)
        let here = item.location
        var props: [OrderedJSON] = []
        if !item.number.isEmpty { props.append(Self.prop("label", item.number, oscal: true, at: here, problems)) }
        if id != item.id { props.append(Self.prop(OSCAL.Prop.itemID, item.id, at: here, problems)) }
        if item.heading.isEmpty {
            props.append(Self.prop(OSCAL.Prop.headingSource, "none", at: here, problems))
        } else if item.headingSource != .quoted {
            props.append(Self.prop(OSCAL.Prop.headingSource, item.headingSource.rawValue, at: here, problems))
        }
        for level in item.levels { props.append(Self.prop(OSCAL.Prop.level, level.name, at: here, problems)) }
        for tag in item.tags { props.append(Self.prop(OSCAL.Prop.tag, tag, at: here, problems)) }
        if !item.provisions.isEmpty {
            problems.diagnostics.append(.warning(here ?? SourceLocation(file: problems.file),
                "item '\(item.id)': its provisions (the imported regulation text) are not exported to OSCAL"))
        }
        // OSCAL requires a title: an item without a heading gets its number (or id), marked `heading-source: none`.
        let title = item.heading.isEmpty ? (item.number.isEmpty ? item.id : item.number) : item.heading
        var members: [(String, OrderedJSON)] = [("id", .string(id)), ("title", .string(title))]
        if !props.isEmpty { members.append(("props", .array(props))) }
        var parts: [OrderedJSON] = []
        if let text = item.text {
            parts.append(.object([("id", .string("\(id)_smt")), ("name", .string("statement")), ("prose", .string(text))]))
        }
        if let note = item.note {
            parts.append(.object([("name", .string(OSCAL.Prop.noteText)), ("ns", .string(OSCAL.namespace)), ("prose", .string(note))]))
        }
        if !parts.isEmpty { members.append(("parts", .array(parts))) }
        if !item.children.isEmpty { members.append(("controls", .array(item.children.map { control($0, ids: ids, problems) }))) }
        return .object(members)
    }

    // MARK: mappings

    /// The props a link's map carries beyond OSCAL's own fields (strength, an unstated
    /// rationale, our `equal` written as `equivalent-to`). The one place a link's further
    /// facts (its review state) are to be added: the importer reads them back in
    /// `OSCALMappingReader.link(…)`.
    static func linkProps(_ link: MappingLink, _ problems: Problems) -> [OrderedJSON] {
        var props: [OrderedJSON] = []
        if let strength = link.strength { props.append(prop(OSCAL.Prop.strength, String(strength), at: link.location, problems)) }
        if link.rationale == nil { props.append(prop(OSCAL.Prop.rationale, "unstated", at: link.location, problems)) }
        if OSCAL.relationshipWord(link.relationship, rationale: link.rationale).keepsEqual {
            props.append(prop(OSCAL.Prop.relationship, Relationship.equal.rawValue, at: link.location, problems))
        }
        // Review state as props of the map, never fields of `provenance` (the schema refuses
        // them there). Unconfirmed, the default, is written as nothing.
        if link.review != .unconfirmed { props.append(prop(OSCAL.Prop.review, link.review.rawValue, at: link.location, problems)) }
        if let reviewer = link.reviewer { props.append(prop(OSCAL.Prop.reviewer, reviewer, at: link.location, problems)) }
        if let date = link.date { props.append(prop(OSCAL.Prop.reviewDate, date, at: link.location, problems)) }
        return props
    }

    /// The mapping collection of `mapping`; `catalogs` are the catalogs it names (their items
    /// give the control ids and the gap summaries).
    public func mapping(_ mapping: Mapping, catalogs: [String: Catalog]) -> (document: OrderedJSON, diagnostics: [Diagnostic]) {
        let problems = Problems(file: mapping.location?.file ?? mapping.id, document: "mapping \(mapping.id)")
        let here = mapping.location
        if !OSCAL.statuses.contains(mapping.status) {
            problems.error(here, "status '\(mapping.status)' is not an OSCAL provenance status (\(OSCAL.statuses.sorted().joined(separator: ", ")))")
        }
        let catalogIDs = [mapping.source] + mapping.targets.filter { $0 != mapping.source }
        for id in catalogIDs where catalogs[id] == nil { problems.error(here, "catalog '\(id)' is not among the catalogs read") }
        let controlIDs = catalogIDs.reduce(into: [String: [String: String]]()) { result, id in
            if let catalog = catalogs[id] { result[id] = OSCAL.controlIDs(for: catalog) }
        }
        func controlID(_ catalog: String, _ item: String) -> String { controlIDs[catalog]?[item] ?? OSCAL.tokenized(item) }
        func resourceUUID(_ catalog: String) -> String { NameUUID.v5("mapping \(mapping.id) resource \(catalog)") }

        // Entries in the source catalog's order (then any other, as read): the export does not
        // depend on the order of the file's entries.
        let order = Dictionary((catalogs[mapping.source]?.allItems ?? []).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let entries = mapping.entries.enumerated().sorted {
            (order[$0.element.item] ?? Int.max, $0.offset) < (order[$1.element.item] ?? Int.max, $1.offset)
        }.map(\.element)

        var maps: [String: [OrderedJSON]] = [:]
        var linked: [String: Set<String>] = [:]  // target catalog -> source items linked
        var targetsLinked: [String: Set<String>] = [:]
        var groups: [OrderedJSON] = []
        var uuidNames: [String: Int] = [:]
        for (entryIndex, entry) in entries.enumerated() {
            let itemLinks = entry.links.filter { $0.target.item != nil }
            var entryProps: [OrderedJSON] = []
            if let proposal = entry.proposal { entryProps.append(Self.prop(OSCAL.Prop.proposal, proposal, at: entry.location, problems)) }
            if let placement = entry.placement { entryProps.append(Self.prop(OSCAL.Prop.placement, placement.description, at: entry.location, problems)) }
            if let note = entry.note { entryProps.append(Self.prop(OSCAL.Prop.entryNote, note, at: entry.location, problems)) }
            let sourceID = controlID(mapping.source, entry.item)
            for link in itemLinks {
                let target = link.target.catalog, targetItem = link.target.item!
                linked[target, default: []].insert(entry.item)
                targetsLinked[target, default: []].insert(targetItem)
                let name = "mapping \(mapping.id) map \(entry.item) \(link.target)"
                uuidNames[name, default: 0] += 1
                let uuid = NameUUID.v5(uuidNames[name]! == 1 ? name : "\(name) \(uuidNames[name]!)")
                let (word, _) = OSCAL.relationshipWord(link.relationship, rationale: link.rationale)
                var sourceProps: [OrderedJSON] = []
                if sourceID != entry.item { sourceProps.append(Self.prop(OSCAL.Prop.itemID, entry.item, at: entry.location, problems)) }
                sourceProps += entryProps
                var source: [(String, OrderedJSON)] = [("type", .string("control")), ("id-ref", .string(sourceID))]
                if !sourceProps.isEmpty { source.append(("props", .array(sourceProps))) }
                let targetID = controlID(target, targetItem)
                var targetMembers: [(String, OrderedJSON)] = [("type", .string("control")), ("id-ref", .string(targetID))]
                if targetID != targetItem { targetMembers.append(("props", .array([Self.prop(OSCAL.Prop.itemID, targetItem, at: link.location, problems)]))) }
                var members: [(String, OrderedJSON)] = [("uuid", .string(uuid))]
                if let rationale = link.rationale { members.append(("matching-rationale", .string(rationale.rawValue))) }
                members.append(("relationship", .string(word)))
                members.append(("sources", .array([.object(source)])))
                members.append(("targets", .array([.object(targetMembers)])))
                let props = Self.linkProps(link, problems)
                if !props.isEmpty { members.append(("props", .array(props))) }
                if let note = link.note { members.append(("remarks", .string(note))) }
                maps[target, default: []].append(.object(members))
            }
            // An entry with no item link (reviewed: no counterpart, or an industry-only item with
            // its 反映案), and links to a whole catalog: props grouped by entry on the first mapping.
            let catalogLinks = entry.links.filter { $0.target.item == nil }
            if itemLinks.isEmpty || !catalogLinks.isEmpty {
                let group = "entry-\(entryIndex + 1)"
                groups.append(Self.prop(OSCAL.Prop.reviewedItem, entry.item, group: group, at: entry.location, problems))
                if itemLinks.isEmpty {
                    for case .object(var members) in entryProps {
                        members.append(("group", .string(group)))
                        groups.append(.object(members))
                    }
                }
                for link in catalogLinks {
                    if link.relationship != .noRelationship || link.strength != nil || link.note != nil || link.rationale != nil {
                        problems.error(link.location, "a link to the whole catalog '\(link.target.catalog)' exports only as no-relationship without rationale, strength or note")
                    }
                    groups.append(Self.prop(OSCAL.Prop.noRelationshipItem, link.target.catalog, group: group, at: link.location, problems))
                }
            }
        }

        var mappingObjects: [OrderedJSON] = []
        for target in mapping.targets where !(maps[target] ?? []).isEmpty {
            var members: [(String, OrderedJSON)] = [
                ("uuid", .string(NameUUID.v5("mapping \(mapping.id) target \(target)"))),
                ("source-resource", .object([("type", .string("catalog")), ("href", .string("#" + resourceUUID(mapping.source)))])),
                ("target-resource", .object([("type", .string("catalog")), ("href", .string("#" + resourceUUID(target)))])),
                ("maps", .array(maps[target]!)),
            ]
            if mappingObjects.isEmpty, !groups.isEmpty { members.append(("props", .array(groups))) }
            func gap(_ items: [CatalogItem]?, _ catalog: String, linked: Set<String>, _ name: String) {
                let unmapped = (items ?? []).map(\.id).filter { !linked.contains($0) }
                guard !unmapped.isEmpty else { return }
                members.append((name, .object([
                    ("uuid", .string(NameUUID.v5("mapping \(mapping.id) target \(target) \(name)"))),
                    ("unmapped-controls", .array([.object([("with-ids", .array(unmapped.map { .string(controlID(catalog, $0)) }))])])),
                ])))
            }
            gap(catalogs[mapping.source]?.allItems, mapping.source, linked: linked[target] ?? [], "source-gap-summary")
            gap(catalogs[target]?.allItems, target, linked: targetsLinked[target] ?? [], "target-gap-summary")
            mappingObjects.append(.object(members))
        }
        if mappingObjects.isEmpty {
            problems.error(here, "mapping '\(mapping.id)' has no link to an item: an OSCAL mapping collection needs at least one map")
        }

        let rationaleCounts = Dictionary(grouping: mapping.entries.flatMap(\.links).compactMap(\.rationale), by: { $0 }).mapValues(\.count)
        let commonRationale = Rationale.allCases.max { (rationaleCounts[$0] ?? 0, -$0.index) < (rationaleCounts[$1] ?? 0, -$1.index) } ?? .semantic
        var provenance: [(String, OrderedJSON)] = [
            ("method", .string("human")),
            ("matching-rationale", .string(commonRationale.rawValue)),
            ("status", .string(mapping.status)),
            ("mapping-description", .string(mapping.title ?? "\(mapping.source) → \(mapping.targets.joined(separator: ", "))")),
        ]
        if let reviewer = mapping.reviewer, !reviewer.isEmpty {
            provenance.append(("props", .array([Self.prop(OSCAL.Prop.reviewer, reviewer, at: here, problems)])))
        }
        // The source and every target, in the 突合表's column order (a target no link reaches
        // has no `mappings` entry but is still a column).
        var metadataProps: [OrderedJSON] = [Self.prop(OSCAL.Prop.mappingID, mapping.id, at: here, problems),
                                            Self.prop(OSCAL.Prop.sourceCatalog, mapping.source, at: here, problems)]
        metadataProps += mapping.targets.map { Self.prop(OSCAL.Prop.targetCatalog, $0, at: here, problems) }
        if mapping.title == nil { metadataProps.append(Self.prop(OSCAL.Prop.untitled, "true", at: here, problems)) }
        let metadata: OrderedJSON = .object([
            ("title", .string(mapping.title ?? mapping.id)),
            ("last-modified", .string(lastModified)),
            ("version", .string(date)),
            ("oscal-version", .string(OSCAL.version)),
            ("props", .array(metadataProps)),
        ])
        let resources: [OrderedJSON] = catalogIDs.map { id in
            .object([
                ("uuid", .string(resourceUUID(id))),
                ("title", .string(catalogs[id]?.title ?? id)),
                ("props", .array([Self.prop(OSCAL.Prop.catalogID, id, at: here, problems)])),
                ("rlinks", .array([.object([("href", .string(Self.catalogFileName(id))), ("media-type", .string("application/json"))])])),
            ])
        }
        let root: OrderedJSON = .object([("mapping-collection", .object([
            ("uuid", .string(NameUUID.v5("mapping \(mapping.id)"))),
            ("metadata", metadata),
            ("provenance", .object(provenance)),
            ("mappings", .array(mappingObjects)),
            ("back-matter", .object([("resources", .array(resources + problems.textResources))])),
        ]))])
        return (root, problems.diagnostics)
    }
}

private extension Rationale {
    var index: Int { Rationale.allCases.firstIndex(of: self)! }
}
