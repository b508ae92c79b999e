import TotsugoCore

/// Reads a `mapping-collection` (see `OSCALJSONReader`): each map is one link (one source
/// control, one target control); totsugo's props carry what OSCAL has no field for.
struct OSCALMappingReading {
    var context: OSCALReadContext
    var mapping = Mapping(id: "", source: "", targets: [])
    /// Entries by source item, in order of first appearance.
    var entries: [String: MappingEntry] = [:]
    var entryOrder: [String] = []
    /// Where each entry's entry-level props were first read, to check the copies on its other maps agree.
    var entryFieldsSeen: [String: (proposal: String?, placement: String?, note: String?, at: SourceLocation)] = [:]
    var mapUUIDs: [String: SourceLocation] = [:]

    init(context: OSCALReadContext) { self.context = context }

    mutating func read(_ value: PositionedJSON) -> Mapping {
        let here = context.location(value)
        mapping.location = here
        guard let fields = context.fields(value, "mapping-collection", read: ["uuid", "metadata", "provenance", "mappings", "back-matter"],
                                          required: ["uuid", "metadata", "provenance", "mappings"]) else { return mapping }
        _ = context.uuid(fields["uuid"], "mapping-collection uuid")
        let backResources = context.backMatter(fields["back-matter"], read: ["title", "rlinks"], skip: ["document-ids", "citation", "base64", "remarks"])
        guard let metadata = context.metadata(fields["metadata"], "mapping-collection") else { return mapping }
        var ours: [String: [OSCALReadContext.Prop]] = [:]
        for prop in metadata.props {
            if prop.ours { ours[prop.name, default: []].append(prop) } else { context.skipped("mapping-collection.metadata.props (\(prop.name))", at: prop.location) }
        }
        for (name, props) in ours where ![OSCAL.Prop.mappingID, OSCAL.Prop.sourceCatalog, OSCAL.Prop.targetCatalog, OSCAL.Prop.untitled].contains(name) {
            context.error(props[0].location, "unknown totsugo prop '\(name)' on a mapping collection")
        }
        let idProp = ours[OSCAL.Prop.mappingID]?.first
        let writtenID = idProp?.value ?? OSCALReadContext.stem(context.file)
        mapping.id = Normalization.key(writtenID)
        mapping.writtenID = writtenID
        mapping.idLocation = idProp?.location ?? here
        if let problem = Mapping.fileNameProblem(mapping.id, written: writtenID) {
            context.error(mapping.idLocation!, "mapping id \(mapping.quotedID) cannot name output files: \(problem)")
        }
        mapping.title = ours[OSCAL.Prop.untitled] == nil ? metadata.title : nil

        // Provenance: method, rationale and status are checked; status is the mapping's.
        var defaultRationale: Rationale?
        if let provenance = fields["provenance"], let provenanceFields = context.fields(provenance, "provenance",
            read: ["method", "matching-rationale", "status", "mapping-description", "props"],
            skip: ["confidence-score", "coverage", "responsible-parties", "links", "remarks"],
            required: ["method", "matching-rationale", "status", "mapping-description"]) {
            _ = context.word(provenanceFields["method"], "provenance method", allowed: OSCAL.methods.sorted())
            defaultRationale = rationale(provenanceFields["matching-rationale"], "provenance matching-rationale")
            mapping.status = context.word(provenanceFields["status"], "provenance status", allowed: OSCAL.statuses.sorted()) ?? "draft"
            _ = context.string(provenanceFields["mapping-description"], "mapping-description")
            for prop in context.props(provenanceFields["props"], "provenance") {
                if prop.ours, prop.name == OSCAL.Prop.reviewer { mapping.reviewer = prop.value }
                else if prop.ours { context.error(prop.location, "unknown totsugo prop '\(prop.name)' on the provenance") }
                else { context.skipped("provenance.props (\(prop.name))", at: prop.location) }
            }
        }

        // Back matter: which catalog each resource is.
        var resources: [String: String] = [:]
        do {
            for (_, resourceFields, props) in backResources {
                guard let uuid = context.uuid(resourceFields["uuid"], "resource uuid") else { continue }
                _ = context.string(resourceFields["title"], "title")
                _ = context.string(resourceFields["description"], "description")
                var catalog: String?
                for prop in props {
                    if prop.ours, prop.name == OSCAL.Prop.catalogID { catalog = Normalization.key(prop.value) }
                    else if prop.ours { context.error(prop.location, "unknown totsugo prop '\(prop.name)' on a resource") }
                }
                for rlink in context.array(resourceFields["rlinks"], "rlinks") {
                    guard let rlinkFields = context.fields(rlink, "rlinks[]", read: ["href", "media-type"], skip: ["resource-fragment", "hashes"], required: ["href"]) else { continue }
                    _ = context.string(rlinkFields["media-type"], "media-type")
                    if let href = context.string(rlinkFields["href"], "href"), catalog == nil { catalog = OSCALReadContext.stem(href) }
                }
                if let catalog { resources[uuid.lowercased()] = catalog }
            }
        }

        var targetsSeen: [String] = []
        var groupProps: [OSCALReadContext.Prop] = []
        for element in context.array(fields["mappings"], "mappings") {
            groupProps += readMapping(element, resources: resources, defaultRationale: defaultRationale, targetsSeen: &targetsSeen)
        }
        // After every map: an entry's group may stand on another mapping than its maps.
        readGroups(groupProps)
        // The declared order of the columns (all targets, also those without a map), else the order read.
        let declaredSource = ours[OSCAL.Prop.sourceCatalog]?.first
        if let declaredSource {
            let key = Normalization.key(declaredSource.value)
            if !mapping.source.isEmpty, mapping.source != key {
                context.error(declaredSource.location, "source-catalog '\(declaredSource.value)' is not the source-resource of the mappings ('\(mapping.source)')")
            }
            mapping.source = key
        }
        if let declared = ours[OSCAL.Prop.targetCatalog] {
            mapping.targets = declared.map { Normalization.key($0.value) }
            for target in targetsSeen where !mapping.targets.contains(target) {
                context.error(declared[0].location, "the mappings reach catalog '\(target)', which is not among the target-catalog props")
            }
        } else {
            mapping.targets = targetsSeen
        }
        if mapping.source.isEmpty { context.error(here, "the collection names no source catalog") }
        mapping.entries = entryOrder.map { entries[$0]! }
        return mapping
    }

    mutating func rationale(_ value: PositionedJSON?, _ what: String) -> Rationale? {
        context.word(value, what, allowed: Rationale.allCases.map(\.rawValue)).flatMap(Rationale.init(rawValue:))
    }

    /// The catalog a `source-resource` / `target-resource` names: `#uuid` of a back-matter resource, or a file.
    mutating func resource(_ value: PositionedJSON?, _ what: String, resources: [String: String]) -> String? {
        guard let value, let fields = context.fields(value, what, read: ["type", "href", "ns"], skip: ["props", "links", "remarks"],
                                                     required: ["type", "href"]) else { return nil }
        if let ns = context.string(fields["ns"], "ns"), ns != OSCAL.oscalNamespace {
            context.error(context.location(fields["ns"]!), "\(what) type namespace '\(ns)' is not OSCAL's: totsugo maps catalogs only")
        }
        if let type = context.string(fields["type"], "\(what) type"), type != "catalog" {
            context.error(context.location(fields["type"]!), "\(what) type '\(type)': totsugo maps catalogs only (resolve a profile into a catalog first)")
        }
        guard let href = context.string(fields["href"], "\(what) href") else { return nil }
        if href.hasPrefix("#") {
            guard let catalog = resources[String(href.dropFirst()).lowercased()] else {
                context.error(context.location(fields["href"]!), "\(what) href '\(href)' names no resource in back-matter")
                return nil
            }
            return catalog
        }
        let stem = OSCALReadContext.stem(href)
        if stem.isEmpty { context.error(context.location(fields["href"]!), "\(what) href '\(href)' names no catalog") }
        return stem.isEmpty ? nil : stem
    }

    /// Reads one mapping's maps; returns its props (entry groups, read after every mapping).
    mutating func readMapping(_ value: PositionedJSON, resources: [String: String], defaultRationale: Rationale?, targetsSeen: inout [String]) -> [OSCALReadContext.Prop] {
        guard let fields = context.fields(value, "mappings[]",
            read: ["uuid", "method", "matching-rationale", "status", "source-resource", "target-resource", "maps", "props",
                   "source-gap-summary", "target-gap-summary"],
            skip: ["links", "remarks", "mapping-description", "confidence-score", "coverage"],
            required: ["uuid", "source-resource", "target-resource", "maps"]) else { return [] }
        _ = context.uuid(fields["uuid"], "mapping uuid")
        _ = context.word(fields["method"], "method", allowed: OSCAL.methods.sorted())
        _ = context.word(fields["status"], "status", allowed: OSCAL.statuses.sorted())
        let rationaleHere = fields["matching-rationale"] != nil ? rationale(fields["matching-rationale"], "matching-rationale") : defaultRationale
        let source = resource(fields["source-resource"], "source-resource", resources: resources)
        let target = resource(fields["target-resource"], "target-resource", resources: resources)
        if let source {
            if mapping.source.isEmpty { mapping.source = source }
            else if mapping.source != source {
                context.error(context.location(fields["source-resource"]!), "source-resource is catalog '\(source)', another mapping's is '\(mapping.source)': a totsugo mapping has one source catalog")
            }
        }
        if let target, !targetsSeen.contains(target) { targetsSeen.append(target) }
        for gap in ["source-gap-summary", "target-gap-summary"] {
            guard let summary = fields[gap], let summaryFields = context.fields(summary, gap, read: ["uuid", "unmapped-controls"], required: ["uuid", "unmapped-controls"]) else { continue }
            _ = context.uuid(summaryFields["uuid"], "\(gap) uuid")
            // Derived from the maps (what no map reaches): checked, not read.
            for selection in context.array(summaryFields["unmapped-controls"], "unmapped-controls") {
                guard let selectionFields = context.fields(selection, "unmapped-controls[]", read: ["with-child-controls", "with-ids", "matching"]) else { continue }
                _ = context.word(selectionFields["with-child-controls"], "with-child-controls", allowed: ["yes", "no"])
                for id in context.array(selectionFields["with-ids"], "with-ids") { _ = context.token(id, "with-id") }
                for matching in context.array(selectionFields["matching"], "matching") {
                    if let matchingFields = context.fields(matching, "matching[]", read: ["pattern"]) { _ = context.string(matchingFields["pattern"], "pattern") }
                }
            }
        }
        for map in context.array(fields["maps"], "maps") {
            readMap(map, target: target, defaultRationale: rationaleHere)
        }
        return context.props(fields["props"], "mappings[]")
    }

    mutating func entryIndex(_ item: String, written: String, at location: SourceLocation) {
        if entries[item] == nil {
            entries[item] = MappingEntry(item: item, writtenItem: written, location: location)
            entryOrder.append(item)
        }
    }

    /// One map: one link of the entry of its source control.
    mutating func readMap(_ value: PositionedJSON, target: String?, defaultRationale: Rationale?) {
        let here = context.location(value)
        guard let fields = context.fields(value, "map",
            read: ["uuid", "ns", "matching-rationale", "relationship", "sources", "targets", "props", "remarks"],
            skip: ["qualifiers", "confidence-score", "coverage", "links"],
            required: ["uuid", "relationship", "sources", "targets"]) else { return }
        if let uuid = context.uuid(fields["uuid"], "map uuid") {
            if let first = mapUUIDs[uuid.lowercased()] { context.error(context.location(fields["uuid"]!), "map uuid \(uuid) is also the uuid of the map at \(first)") }
            else { mapUUIDs[uuid.lowercased()] = context.location(fields["uuid"]!) }
        }
        if let ns = context.string(fields["ns"], "map ns"), ns != OSCAL.oscalNamespace {
            context.error(context.location(fields["ns"]!), "relationship namespace '\(ns)' is not OSCAL's: totsugo reads OSCAL's relationships only")
        }
        let rationale = fields["matching-rationale"] != nil ? self.rationale(fields["matching-rationale"], "matching-rationale") : defaultRationale
        let word = context.word(fields["relationship"], "relationship", allowed: OSCAL.relationshipWords.keys.sorted())
        let sources = context.array(fields["sources"], "sources"), targets = context.array(fields["targets"], "targets")
        if sources.count > 1 || targets.count > 1 {
            context.error(here, "a map with \(sources.count) sources and \(targets.count) targets: a totsugo link relates one source item to one target item (the relationship holds between the sets, not between each pair); write one map per pair the relationship holds for")
        }
        // Everything is checked even when the map cannot become a link (an unresolved resource,
        // several sources), so one run reports every problem.
        let source = sources.count == 1 ? mappingItem(sources[0], "source") : nil
        let targetRead = targets.count == 1 ? mappingItem(targets[0], "target") : nil
        for prop in targetRead?.2 ?? [] { context.error(prop.location, "unknown totsugo prop '\(prop.name)' on a map target") }
        var link = MappingLink(target: ItemReference(catalog: target ?? "", item: targetRead?.0), relationship: .intersectsWith,
                               rationale: rationale, location: targets.first.map { context.location($0) } ?? here)
        link.target.writtenItem = targetRead?.1
        link.note = context.string(fields["remarks"], "remarks")
        var keepsEqual = false
        for prop in context.props(fields["props"], "map") {
            guard prop.ours else { context.skipped("map.props (\(prop.name))", at: prop.location); continue }
            readLinkProp(prop, into: &link, keepsEqual: &keepsEqual)
        }
        var proposal: String?, placement: String?, note: String?
        for prop in source?.2 ?? [] {
            switch prop.name {
            case OSCAL.Prop.proposal: proposal = prop.value
            case OSCAL.Prop.placement: placement = prop.value
            case OSCAL.Prop.entryNote: note = prop.value
            default: context.error(prop.location, "unknown totsugo prop '\(prop.name)' on a map source")
            }
        }
        guard let (sourceItem, sourceWritten, _) = source, targetRead != nil, target != nil,
              let word, let relationship = OSCAL.relationshipWords[word] else { return }
        entryIndex(sourceItem, written: sourceWritten, at: context.location(sources[0]))
        setEntryFields(sourceItem, proposal: proposal, placement: placement, note: note, at: context.location(sources[0]))
        link.relationship = relationship
        if keepsEqual {
            if relationship == .equivalentTo, link.rationale == .semantic || link.rationale == .functional { link.relationship = .equal }
            else { context.error(here, "the relationship prop 'equal' goes with equivalent-to and a semantic or functional rationale only") }
        }
        entries[sourceItem]!.links.append(link)
    }

    /// A link's own props (the counterpart of `OSCALExport.linkProps`): further facts of a
    /// link (its review state) are read here.
    mutating func readLinkProp(_ prop: OSCALReadContext.Prop, into link: inout MappingLink, keepsEqual: inout Bool) {
        switch prop.name {
        case OSCAL.Prop.strength:
            guard let value = Int(prop.value), (0...10).contains(value), String(value) == prop.value else {
                context.error(prop.location, "strength '\(prop.value)' is not a whole number 0–10 (NIST IR 8477)")
                return
            }
            link.strength = value
        case OSCAL.Prop.rationale:
            guard prop.value == "unstated" else {
                context.error(prop.location, "the rationale prop is 'unstated' or absent (a stated rationale is the map's matching-rationale)")
                return
            }
            link.rationale = nil
        case OSCAL.Prop.relationship:
            guard prop.value == Relationship.equal.rawValue else {
                context.error(prop.location, "the relationship prop is 'equal' or absent (OSCAL's relationship is the map's relationship)")
                return
            }
            keepsEqual = true
        case OSCAL.Prop.review:
            guard let review = ReviewStatus(rawValue: prop.value), review != .rejected else {
                context.error(prop.location, "review '\(prop.value)' is not a link's review state (confirmed, or absent for unconfirmed)")
                return
            }
            link.review = review
        case OSCAL.Prop.reviewer:
            link.reviewer = prop.value
        case OSCAL.Prop.reviewDate:
            guard ReviewDate.isValid(prop.value) else {
                context.error(prop.location, "review-date '\(prop.value)' is not a calendar date YYYY-MM-DD")
                return
            }
            link.date = prop.value
        default:
            context.error(prop.location, "unknown totsugo prop '\(prop.name)' on a map")
        }
    }

    /// A map's source or target: a control, its item id (the `item-id` prop, else the id-ref),
    /// and its other totsugo props.
    mutating func mappingItem(_ value: PositionedJSON, _ what: String) -> (String, String, [OSCALReadContext.Prop])? {
        guard let fields = context.fields(value, "map \(what)", read: ["type", "id-ref", "props"], skip: ["links", "remarks"],
                                          required: ["type", "id-ref"]) else { return nil }
        if let type = context.word(fields["type"], "\(what) type", allowed: ["control", "statement"]), type == "statement" {
            context.error(context.location(fields["type"]!), "a \(what) of type statement: totsugo maps whole items (controls); map the control")
            return nil
        }
        guard let idRef = context.string(fields["id-ref"], "\(what) id-ref") else { return nil }
        var written = idRef
        var others: [OSCALReadContext.Prop] = []
        for prop in context.props(fields["props"], "map \(what)") {
            if prop.ours, prop.name == OSCAL.Prop.itemID { written = prop.value }
            else if prop.ours { others.append(prop) }
            else { context.skipped("map \(what) props (\(prop.name))", at: prop.location) }
        }
        if !OSCAL.isToken(idRef) {
            context.error(context.location(fields["id-ref"]!), "\(what) id-ref '\(idRef)' is not an OSCAL token (a control id)")
        } else if written == idRef ? false : OSCAL.tokenized(Normalization.key(written)) != idRef && !idRef.hasPrefix(OSCAL.tokenized(Normalization.key(written)) + "-") {
            context.error(context.location(fields["id-ref"]!), "id-ref '\(idRef)' does not match its item-id '\(written)' (expected '\(OSCAL.tokenized(Normalization.key(written)))')")
        }
        let key = Normalization.key(written)
        guard !key.isEmpty else {
            context.error(context.location(fields["id-ref"]!), "\(what) id-ref is empty")
            return nil
        }
        return (key, written, others)
    }

    mutating func setEntryFields(_ item: String, proposal: String?, placement: String?, note: String?, at location: SourceLocation) {
        if let seen = entryFieldsSeen[item] {
            if seen.proposal != proposal || seen.placement != placement || seen.note != note {
                context.error(location, "the proposal, placement and entry-note props of item '\(item)' differ from those at \(seen.at) (every map of an item carries the same)")
            }
            return
        }
        entryFieldsSeen[item] = (proposal, placement, note, location)
        entries[item]!.proposal = proposal
        entries[item]!.note = note
        if let placement {
            guard let reference = ItemReference(parsing: placement), reference.item != nil else {
                context.error(location, "placement '\(placement)' is not 'catalog:item'")
                return
            }
            entries[item]!.placement = reference
        }
    }

    /// Entries with no link to an item, as props grouped by entry (`group`), each group with
    /// one `reviewed-item`.
    mutating func readGroups(_ props: [OSCALReadContext.Prop]) {
        var groups: [String: [OSCALReadContext.Prop]] = [:]
        var order: [String] = []
        for prop in props {
            guard prop.ours else { context.skipped("mappings[].props (\(prop.name))", at: prop.location); continue }
            guard let group = prop.group else {
                context.error(prop.location, "totsugo prop '\(prop.name)' on a mapping needs a group (one per entry)")
                continue
            }
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(prop)
        }
        for group in order {
            let members = groups[group]!
            let reviewed = members.filter { $0.name == OSCAL.Prop.reviewedItem }
            guard reviewed.count == 1 else {
                context.error(members[0].location, "prop group '\(group)' needs exactly one reviewed-item (it has \(reviewed.count))")
                continue
            }
            let item = Normalization.key(reviewed[0].value)
            let hadMaps = entries[item] != nil
            entryIndex(item, written: reviewed[0].value, at: reviewed[0].location)
            var proposal: String?, placement: String?, note: String?
            var any = false
            for prop in members where prop.name != OSCAL.Prop.reviewedItem {
                switch prop.name {
                case OSCAL.Prop.proposal: proposal = prop.value; any = true
                case OSCAL.Prop.placement: placement = prop.value; any = true
                case OSCAL.Prop.entryNote: note = prop.value; any = true
                case OSCAL.Prop.noRelationshipItem:
                    let catalog = Normalization.key(prop.value)
                    entries[item]!.links.append(MappingLink(target: ItemReference(catalog: catalog, item: nil), relationship: .noRelationship, location: prop.location))
                default: context.error(prop.location, "unknown totsugo prop '\(prop.name)' in an entry group")
                }
            }
            if hadMaps, any {
                context.error(members[0].location, "item '\(item)' has maps: its proposal, placement and entry-note go on its maps' source")
            } else if !hadMaps {
                setEntryFields(item, proposal: proposal, placement: placement, note: note, at: reviewed[0].location)
            }
        }
    }
}
