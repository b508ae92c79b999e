import Foundation
import TotsugoCore
import TotsugoScheduler

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
    final class Problems: @unchecked Sendable {
        var diagnostics: [Diagnostic] = []
        let file: String
        /// Texts no prop value can hold, as back-matter resources (uuid, prop name, text), in first use order.
        var texts: [(uuid: String, name: String, text: String)] = []
        private var textIndex: [TextKey: Int] = [:]
        private let lock = NSLock()
        let document: String
        init(file: String, document: String) {
            self.file = file
            self.document = document
        }

        private struct TextKey: Hashable {
            let name: String
            let text: String
        }

        /// `#uuid` of the resource holding `text` (one resource per distinct name and text).
        func textReference(_ name: String, _ text: String) -> String {
            // A collection's `mappings` entries may be written on several threads (after every
            // text was registered, so these only look up).
            lock.lock()
            defer { lock.unlock() }
            let key = TextKey(name: name, text: text)
            if let index = textIndex[key] { return "#" + texts[index].uuid }
            let uuid = NameUUID.v5("\(document) text \(name) \(text)")
            textIndex[key] = texts.count
            texts.append((uuid, name, text))
            return "#" + uuid
        }

        /// Checks a prop value (an error when OSCAL's own prop or an empty value cannot hold
        /// it; a back-matter text when ours cannot) and returns what the prop holds: `value`
        /// or `#uuid` of its text. Called once per prop in the document's order, so the texts
        /// and diagnostics come in that order.
        func register(_ name: String, _ value: String, oscal: Bool, at location: SourceLocation?) -> String {
            guard OSCALExport.needsText(value) else { return value }
            if oscal || value.isEmpty {
                error(location, "'\(name)' value '\(value)' cannot be an OSCAL prop value (it is empty, holds a line break or starts or ends with a space)")
                return value
            }
            return textReference(name, value)
        }

        /// What a prop already `register`ed holds (for a document written in another order than it was checked).
        func written(_ name: String, _ value: String, oscal: Bool) -> String {
            guard OSCALExport.needsText(value), !oscal, !value.isEmpty else { return value }
            return textReference(name, value)
        }

        /// The resources of `texts`.
        func writeTextResources<W: OSCALJSONSink>(_ w: inout W) {
            for text in texts {
                w.beginObject()
                w.member("uuid", text.uuid)
                w.member("description", text.text)
                w.key("props")
                w.beginArray()
                w.beginObject()
                w.member("name", OSCAL.Prop.textOf)
                w.member("ns", OSCAL.namespace)
                w.member("value", text.name)
                w.endObject()
                w.endArray()
                w.endObject()
            }
        }

        func error(_ location: SourceLocation?, _ message: String) {
            diagnostics.append(.error(location ?? SourceLocation(file: file), message))
        }
    }

    /// A prop in this project's namespace (OSCAL's own when `oscal`). A value a prop cannot hold
    /// (empty, line breaks, spaces at either end; or a leading `#`, which marks a reference) goes
    /// to a back-matter resource and the prop holds `#uuid` of it.
    static func prop<W: OSCALJSONSink>(_ w: inout W, _ name: String, _ value: String, oscal: Bool = false, group: String? = nil,
                                       at location: SourceLocation? = nil, _ problems: Problems) {
        writeProp(&w, name, problems.register(name, value, oscal: oscal, at: location), oscal: oscal, group: group)
    }

    /// A prop whose value was checked (`Problems.register`) and is written as `written`.
    static func writeProp<W: OSCALJSONSink>(_ w: inout W, _ name: String, _ written: String, oscal: Bool = false, group: String? = nil) {
        w.beginObject()
        w.member("name", name)
        if !oscal { w.member("ns", OSCAL.namespace) }
        w.member("value", written)
        if let group { w.member("group", group) }
        w.endObject()
    }

    /// True when a prop cannot hold `value` as it is.
    static func needsText(_ value: String) -> Bool {
        !propValueIsValid(value) || value.utf8.first == UInt8(ascii: "#")
    }

    static func propValueIsValid(_ value: String) -> Bool {
        // Fast path: ASCII at both ends that is no white space, and no byte of a line break
        // (\n, \r, U+0085 = C2 85, U+2028/2029 = E2 80 A8/A9) anywhere.
        let fast: Bool? = value.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last, first < 0x80, last < 0x80 else { return nil }
            if first == 0x20 || (0x09...0x0D).contains(first) || last == 0x20 || (0x09...0x0D).contains(last) { return false }
            for byte in bytes where byte == 0x0A || byte == 0x0D || byte == 0xC2 || byte == 0xE2 { return nil }
            return true
        } ?? nil
        if let fast { return fast }
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        return !first.properties.isWhitespace && !last.properties.isWhitespace
            && !value.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }
    }

    // MARK: catalogs

    public func catalog(_ catalog: Catalog) -> (document: OrderedJSON, diagnostics: [Diagnostic]) {
        var builder = OrderedJSONBuilder()
        let diagnostics = writeCatalog(catalog, into: &builder, flush: { _ in })
        return (builder.result, diagnostics)
    }

    /// The catalog document written into `file` a chunk at a time; returns its diagnostics.
    /// Byte for byte `catalog(_:).document.rendered()`.
    /// `controlIDs`: `OSCAL.controlIDs(for: catalog)` when the caller has it already.
    public func writeCatalog(_ catalog: Catalog, to file: inout OutputFile, chunk: Int = OutputFile.chunkSize,
                             controlIDs: [String: String]? = nil) throws -> [Diagnostic] {
        var writer = JSONStreamWriter(capacity: chunk + chunk / 4)
        let diagnostics = try writeCatalog(catalog, controlIDs: controlIDs, into: &writer) { writer in try Self.flush(&writer, to: &file, chunk: chunk) }
        writer.finish()
        try file.write(writer.bytes)
        return diagnostics
    }

    /// Writes out what `writer` holds once it is `chunk` bytes or more.
    static func flush(_ writer: inout JSONStreamWriter, to file: inout OutputFile, chunk: Int) throws {
        guard writer.bytes.count >= chunk else { return }
        try file.write(writer.bytes)
        writer.bytes.removeAll(keepingCapacity: true)
    }

    func writeCatalog<W: OSCALJSONSink>(_ catalog: Catalog, controlIDs: [String: String]? = nil, into w: inout W,
                                        flush: (inout W) throws -> Void) rethrows -> [Diagnostic] {
        let problems = Problems(file: catalog.location?.file ?? catalog.id, document: "catalog \(catalog.id)")
        let here = catalog.location
        w.beginObject()
        w.key("catalog")
        w.beginObject()
        w.member("uuid", NameUUID.v5("catalog \(catalog.id)"))
        w.key("metadata")
        w.beginObject()
        w.member("title", catalog.title)
        w.member("last-modified", lastModified)
        w.member("version", catalog.version.isEmpty ? date : catalog.version)
        w.member("oscal-version", OSCAL.version)
        w.key("props")
        w.beginArray()
        Self.prop(&w, OSCAL.Prop.catalogID, catalog.id, at: here, problems)
        if !catalog.shortTitle.isEmpty { Self.prop(&w, OSCAL.Prop.shortTitle, catalog.shortTitle, at: here, problems) }
        if !catalog.publisher.isEmpty { Self.prop(&w, OSCAL.Prop.publisher, catalog.publisher, at: here, problems) }
        if let date = catalog.date { Self.prop(&w, OSCAL.Prop.sourceDate, date, at: here, problems) }
        for name in catalog.levelNames { Self.prop(&w, OSCAL.Prop.hierarchyLevel, name, at: here, problems) }
        if !catalog.levelVocabulary.isStandard {
            for name in catalog.levelVocabulary.names { Self.prop(&w, OSCAL.Prop.levelName, name, at: here, problems) }
        }
        if !catalog.completeness.isEmpty { Self.prop(&w, OSCAL.Prop.completeness, catalog.completeness, at: here, problems) }
        if case .partial(let total) = catalog.extent {
            Self.prop(&w, OSCAL.Prop.extent, "partial", at: here, problems)
            if let total { Self.prop(&w, OSCAL.Prop.totalItems, String(total), at: here, problems) }
        }
        for (index, property) in catalog.properties.enumerated() {
            let group = "property-\(index + 1)"
            Self.prop(&w, OSCAL.Prop.propertyName, property.name, group: group, at: here, problems)
            Self.prop(&w, OSCAL.Prop.propertyValue, property.value, group: group, at: here, problems)
        }
        w.endArray()
        w.endObject()
        let ids = controlIDs ?? OSCAL.controlIDs(for: catalog)
        if !catalog.items.isEmpty {
            w.key("controls")
            w.beginArray()
            for item in catalog.items {
                try control(item, ids: ids, problems, into: &w, flush: flush)
            }
            w.endArray()
        }
        if !catalog.provenance.isEmpty || !problems.texts.isEmpty {
            w.key("back-matter")
            w.beginObject()
            w.key("resources")
            w.beginArray()
            for (index, line) in catalog.provenance.enumerated() {
                w.beginObject()
                w.member("uuid", NameUUID.v5("catalog \(catalog.id) provenance \(index + 1)"))
                w.member("description", line)
                w.key("props")
                w.beginArray()
                Self.prop(&w, OSCAL.Prop.provenance, String(index + 1), at: here, problems)
                w.endArray()
                w.endObject()
            }
            problems.writeTextResources(&w)
            w.endArray()
            w.endObject()
        }
        w.endObject()
        w.endObject()
        return problems.diagnostics
    }

    func control<W: OSCALJSONSink>(_ item: CatalogItem, ids: [String: String], _ problems: Problems,
                                   into w: inout W, flush: (inout W) throws -> Void) rethrows {
        let id = ids[item.id] ?? OSCAL.tokenized(item.id)
        let here = item.location
        // OSCAL requires a title: an item without a heading gets its number (or id), marked `heading-source: none`.
        let title = item.heading.isEmpty ? (item.number.isEmpty ? item.id : item.number) : item.heading
        w.beginObject()
        w.member("id", id)
        w.member("title", title)
        let hasProps = !item.number.isEmpty || id != item.id || item.heading.isEmpty || item.headingSource != .quoted
            || !item.levels.isEmpty || !item.tags.isEmpty
        if hasProps {
            w.key("props")
            w.beginArray()
            if !item.number.isEmpty { Self.prop(&w, "label", item.number, oscal: true, at: here, problems) }
            if id != item.id { Self.prop(&w, OSCAL.Prop.itemID, item.id, at: here, problems) }
            if item.heading.isEmpty {
                Self.prop(&w, OSCAL.Prop.headingSource, "none", at: here, problems)
            } else if item.headingSource != .quoted {
                Self.prop(&w, OSCAL.Prop.headingSource, item.headingSource.rawValue, at: here, problems)
            }
            for level in item.levels { Self.prop(&w, OSCAL.Prop.level, level.name, at: here, problems) }
            for tag in item.tags { Self.prop(&w, OSCAL.Prop.tag, tag, at: here, problems) }
            w.endArray()
        }
        if !item.provisions.isEmpty {
            problems.diagnostics.append(.warning(here ?? SourceLocation(file: problems.file),
                "item '\(item.id)': its provisions (the imported regulation text) are not exported to OSCAL"))
        }
        if item.text != nil || item.note != nil {
            w.key("parts")
            w.beginArray()
            if let text = item.text {
                w.beginObject()
                w.member("id", id + "_smt")
                w.member("name", "statement")
                w.member("prose", text)
                w.endObject()
            }
            if let note = item.note {
                w.beginObject()
                w.member("name", OSCAL.Prop.noteText)
                w.member("ns", OSCAL.namespace)
                w.member("prose", note)
                w.endObject()
            }
            w.endArray()
        }
        if !item.children.isEmpty {
            w.key("controls")
            w.beginArray()
            for child in item.children { try control(child, ids: ids, problems, into: &w, flush: flush) }
            w.endArray()
        }
        w.endObject()
        try flush(&w)
    }

    // MARK: mappings

    /// The props a link's map carries beyond OSCAL's own fields (strength, an unstated
    /// rationale, our `equal` written as `equivalent-to`), as (name, value) in order. The one
    /// place a link's further facts (its review state) are to be added: the importer reads
    /// them back in `OSCALMappingReader.link(…)`.
    static func forEachLinkProp(_ link: MappingLink, _ body: (String, String) -> Void) {
        if let strength = link.strength { body(OSCAL.Prop.strength, String(strength)) }
        if link.rationale == nil { body(OSCAL.Prop.rationale, "unstated") }
        if OSCAL.relationshipWord(link.relationship, rationale: link.rationale).keepsEqual {
            body(OSCAL.Prop.relationship, Relationship.equal.rawValue)
        }
        // Review state as props of the map, never fields of `provenance` (the schema refuses
        // them there). Unconfirmed, the default, is written as nothing.
        if link.review != .unconfirmed { body(OSCAL.Prop.review, link.review.rawValue) }
        if let reviewer = link.reviewer { body(OSCAL.Prop.reviewer, reviewer) }
        if let date = link.date { body(OSCAL.Prop.reviewDate, date) }
    }

    /// The props of `forEachLinkProp` as values, checked into `problems`.
    static func linkProps(_ link: MappingLink, _ problems: Problems) -> [OrderedJSON] {
        var props: [OrderedJSON] = []
        forEachLinkProp(link) { name, value in
            var builder = OrderedJSONBuilder()
            prop(&builder, name, value, at: link.location, problems)
            props.append(builder.result)
        }
        return props
    }

    /// An entry's own props (its 反映案, placement and note), as (name, value) in order.
    static func forEachEntryProp(_ entry: MappingEntry, _ body: (String, String) -> Void) {
        if let proposal = entry.proposal { body(OSCAL.Prop.proposal, proposal) }
        if let placement = entry.placement { body(OSCAL.Prop.placement, placement.description) }
        if let note = entry.note { body(OSCAL.Prop.entryNote, note) }
    }

    /// The mapping collection of `mapping`; `catalogs` are the catalogs it names (their items
    /// give the control ids and the gap summaries).
    public func mapping(_ mapping: Mapping, catalogs: [String: Catalog]) -> (document: OrderedJSON, diagnostics: [Diagnostic]) {
        var builder = OrderedJSONBuilder()
        // Only a flush can throw, and the tree's does not.
        let diagnostics: [Diagnostic]
        do { diagnostics = try writeMapping(mapping, catalogs: catalogs, into: &builder, flush: { _ in }, targets: Self.inOrder) } catch { preconditionFailure("\(error)") }
        return (builder.result, diagnostics)
    }

    /// The mapping collection written into `file` a chunk at a time; returns its diagnostics.
    /// Byte for byte `mapping(_:catalogs:).document.rendered()`.
    /// `controlIDs`: `OSCAL.controlIDs(for:)` of catalogs by id, when the caller has them already.
    public func writeMapping(_ mapping: Mapping, catalogs: [String: Catalog], to file: inout OutputFile,
                             chunk: Int = OutputFile.chunkSize, controlIDs: [String: [String: String]] = [:]) throws -> [Diagnostic] {
        var writer = JSONStreamWriter(capacity: chunk + chunk / 4)
        let directory = (file.path as NSString).deletingLastPathComponent
        let diagnostics = try writeMapping(mapping, catalogs: catalogs, controlIDs: controlIDs, into: &writer,
                                           flush: { writer in try Self.flush(&writer, to: &file, chunk: chunk) },
                                           targets: { w, count, flush, write in
            // The first target's entry is written here while the others are rendered on another
            // core into unlinked files beside the document, then copied in after it, in order.
            guard count > 1, let spills = try? (1..<count).map({ _ in try SpillFile(directory: directory) }) else {
                return try Self.inOrder(&w, count, flush, write)
            }
            try withoutActuallyEscaping(write) { write in
                // Held by a box the thread keeps, emptied once the thread is done, so the
                // closure does not outlive this block.
                let shared = SharedBox(write)
                let others = Scheduler.start {
                    Result { () throws -> Void in
                        guard let write = shared.value else { return }
                        for (offset, spill) in spills.enumerated() {
                            // Inside the root object, the collection and its `mappings`, after the first entry.
                            var piece = JSONStreamWriter(continuingAfter: 3, capacity: chunk + chunk / 4)
                            try write(offset + 1, &piece) { piece in
                                guard piece.bytes.count >= chunk else { return }
                                try spill.append(piece.bytes)
                                piece.bytes.removeAll(keepingCapacity: true)
                            }
                            try spill.append(piece.bytes)
                        }
                    }
                }
                let first = Result { try write(0, &w, flush) }
                let rest = others.value
                shared.value = nil
                try first.get()
                try rest.get()
            }
            try file.write(w.bytes)
            w.bytes.removeAll(keepingCapacity: true)
            for spill in spills { try spill.copy(into: &file) }
        })
        writer.finish()
        try file.write(writer.bytes)
        return diagnostics
    }

    /// Writes the `count` entries of a collection's `mappings` into `w`, in order, by calling
    /// `write(index, &writer, flush)` for each (on any thread, into any writer, as long as the
    /// bytes reach `w` in index order).
    typealias TargetWriter<W> = (_ w: inout W, _ count: Int, _ flush: (inout W) throws -> Void,
                                 _ write: (Int, inout W, (inout W) throws -> Void) throws -> Void) throws -> Void

    /// The `TargetWriter` that writes each entry into `w` in turn.
    static func inOrder<W>(_ w: inout W, _ count: Int, _ flush: (inout W) throws -> Void,
                           _ write: (Int, inout W, (inout W) throws -> Void) throws -> Void) throws {
        try withoutActuallyEscaping(flush) { flush in
            for index in 0..<count { try write(index, &w, flush) }
        }
    }

    /// Two passes: the first checks every prop value in the order of the model (entries, each
    /// with its links, then the groups, the provenance, metadata and resources), which fixes
    /// the order of the diagnostics and of the back-matter texts; the second writes the
    /// document, each target's maps in turn.
    func writeMapping<W: OSCALJSONSink>(_ mapping: Mapping, catalogs: [String: Catalog], controlIDs known: [String: [String: String]] = [:], into w: inout W,
                                        flush: (inout W) throws -> Void, targets: TargetWriter<W>) throws -> [Diagnostic] {
        let problems = Problems(file: mapping.location?.file ?? mapping.id, document: "mapping \(mapping.id)")
        let here = mapping.location
        if !OSCAL.statuses.contains(mapping.status) {
            problems.error(here, "status '\(mapping.status)' is not an OSCAL provenance status (\(OSCAL.statuses.sorted().joined(separator: ", ")))")
        }
        let catalogIDs = [mapping.source] + mapping.targets.filter { $0 != mapping.source }
        for id in catalogIDs where catalogs[id] == nil { problems.error(here, "catalog '\(id)' is not among the catalogs read") }
        let controlIDs = catalogIDs.reduce(into: [String: [String: String]]()) { result, id in
            if let catalog = catalogs[id] { result[id] = known[id] ?? OSCAL.controlIDs(for: catalog) }
        }
        func controlID(_ catalog: String, _ item: String) -> String { controlIDs[catalog]?[item] ?? OSCAL.tokenized(item) }
        func resourceUUID(_ catalog: String) -> String { NameUUID.v5("mapping \(mapping.id) resource \(catalog)") }

        // Entries in the source catalog's order (then any other, as read): the export does not
        // depend on the order of the file's entries.
        let order = Dictionary((catalogs[mapping.source]?.allItems ?? []).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let entries = mapping.entries.enumerated().sorted {
            (order[$0.element.item] ?? Int.max, $0.offset) < (order[$1.element.item] ?? Int.max, $1.offset)
        }.map(\.element)
        let sourceIDs = entries.map { controlID(mapping.source, $0.item) }

        // Pass 1: every prop value checked in the model's order; maps counted per target.
        var mapCounts: [String: Int] = [:]
        var hasGroups = false
        for (entryIndex, entry) in entries.enumerated() {
            Self.forEachEntryProp(entry) { name, value in _ = problems.register(name, value, oscal: false, at: entry.location) }
            var itemLinks = 0, catalogLinks = 0
            for link in entry.links {
                guard let targetItem = link.target.item else { catalogLinks += 1; continue }
                itemLinks += 1
                mapCounts[link.target.catalog, default: 0] += 1
                if sourceIDs[entryIndex] != entry.item { _ = problems.register(OSCAL.Prop.itemID, entry.item, oscal: false, at: entry.location) }
                if controlID(link.target.catalog, targetItem) != targetItem {
                    _ = problems.register(OSCAL.Prop.itemID, targetItem, oscal: false, at: link.location)
                }
                Self.forEachLinkProp(link) { name, value in _ = problems.register(name, value, oscal: false, at: link.location) }
            }
            if itemLinks == 0 || catalogLinks > 0 {
                hasGroups = true
                _ = problems.register(OSCAL.Prop.reviewedItem, entry.item, oscal: false, at: entry.location)
                for link in entry.links where link.target.item == nil {
                    if link.relationship != .noRelationship || link.strength != nil || link.note != nil || link.rationale != nil {
                        problems.error(link.location, "a link to the whole catalog '\(link.target.catalog)' exports only as no-relationship without rationale, strength or note")
                    }
                    _ = problems.register(OSCAL.Prop.noRelationshipItem, link.target.catalog, oscal: false, at: link.location)
                }
            }
        }
        if !mapping.targets.contains(where: { (mapCounts[$0] ?? 0) > 0 }) {
            problems.error(here, "mapping '\(mapping.id)' has no link to an item: an OSCAL mapping collection needs at least one map")
        }
        let reviewer = mapping.reviewer.flatMap { $0.isEmpty ? nil : $0 }
        if let reviewer { _ = problems.register(OSCAL.Prop.reviewer, reviewer, oscal: false, at: here) }
        // The source and every target, in the 突合表's column order (a target no link reaches
        // has no `mappings` entry but is still a column).
        var metadataProps: [(String, String)] = [(OSCAL.Prop.mappingID, mapping.id), (OSCAL.Prop.sourceCatalog, mapping.source)]
        metadataProps += mapping.targets.map { (OSCAL.Prop.targetCatalog, $0) }
        if mapping.title == nil { metadataProps.append((OSCAL.Prop.untitled, "true")) }
        for (name, value) in metadataProps { _ = problems.register(name, value, oscal: false, at: here) }
        for id in catalogIDs { _ = problems.register(OSCAL.Prop.catalogID, id, oscal: false, at: here) }

        // Pass 2: the document.
        func prop(_ name: String, _ value: String, group: String? = nil) {
            Self.writeProp(&w, name, problems.written(name, value, oscal: false), group: group)
        }
        w.beginObject()
        w.key("mapping-collection")
        w.beginObject()
        w.member("uuid", NameUUID.v5("mapping \(mapping.id)"))
        w.key("metadata")
        w.beginObject()
        w.member("title", mapping.title ?? mapping.id)
        w.member("last-modified", lastModified)
        w.member("version", date)
        w.member("oscal-version", OSCAL.version)
        w.key("props")
        w.beginArray()
        for (name, value) in metadataProps { prop(name, value) }
        w.endArray()
        w.endObject()

        let rationaleCounts = Dictionary(grouping: mapping.entries.flatMap(\.links).compactMap(\.rationale), by: { $0 }).mapValues(\.count)
        let commonRationale = Rationale.allCases.max { (rationaleCounts[$0] ?? 0, -$0.index) < (rationaleCounts[$1] ?? 0, -$1.index) } ?? .semantic
        w.key("provenance")
        w.beginObject()
        w.member("method", "human")
        w.member("matching-rationale", commonRationale.rawValue)
        w.member("status", mapping.status)
        w.member("mapping-description", mapping.title ?? "\(mapping.source) → \(mapping.targets.joined(separator: ", "))")
        if let reviewer {
            w.key("props")
            w.beginArray()
            prop(OSCAL.Prop.reviewer, reviewer)
            w.endArray()
        }
        w.endObject()

        w.key("mappings")
        w.beginArray()
        // One `mappings` entry per target with maps: each is written by itself (its own maps,
        // linked sets and gap summaries; the entries' groups on the first), so `targets` may
        // write them on several threads as long as the bytes come out in this order.
        let mapped = mapping.targets.filter { (mapCounts[$0] ?? 0) > 0 }
        // Items with more than one entry (their maps' uuid names are counted by name).
        let repeatedItems: Set<String> = {
            var seen = Set<String>(minimumCapacity: entries.count), repeated: Set<String> = []
            for entry in entries where !seen.insert(entry.item).inserted { repeated.insert(entry.item) }
            return repeated
        }()
        func targetMapping(_ targetIndex: Int, _ w: inout W, _ flush: (inout W) throws -> Void) throws {
            let target = mapped[targetIndex]
            func prop(_ name: String, _ value: String, group: String? = nil) {
                Self.writeProp(&w, name, problems.written(name, value, oscal: false), group: group)
            }
            w.beginObject()
            w.member("uuid", NameUUID.v5("mapping \(mapping.id) target \(target)"))
            w.key("source-resource")
            w.beginObject()
            w.member("type", "catalog")
            w.member("href", "#" + resourceUUID(mapping.source))
            w.endObject()
            w.key("target-resource")
            w.beginObject()
            w.member("type", "catalog")
            w.member("href", "#" + resourceUUID(target))
            w.endObject()
            w.key("maps")
            w.beginArray()
            var linked: Set<String> = []  // source items linked to this target
            var targetsLinked: Set<String> = []
            var uuidNames: [String: Int] = [:]  // names of the entries whose item has other entries
            for (entryIndex, entry) in entries.enumerated() {
                let sourceID = sourceIDs[entryIndex]
                let repeated = repeatedItems.contains(entry.item) || entry.links.count > 32
                for (linkIndex, link) in entry.links.enumerated() where link.target.catalog == target {
                    guard let targetItem = link.target.item else { continue }
                    linked.insert(entry.item)
                    targetsLinked.insert(targetItem)
                    // The n-th map of one name in this target gets the name with " n" (n ≥ 2).
                    // The item's only entry: only its earlier links can have had the name.
                    let name = "mapping \(mapping.id) map \(entry.item) \(link.target)"
                    let count: Int
                    if repeated {
                        count = uuidNames[name, default: 0] + 1
                        uuidNames[name] = count
                    } else {
                        count = 1 + entry.links[..<linkIndex].count { $0.target == link.target }
                    }
                    w.beginObject()
                    w.member("uuid", NameUUID.v5(count == 1 ? name : "\(name) \(count)"))
                    if let rationale = link.rationale { w.member("matching-rationale", rationale.rawValue) }
                    w.member("relationship", OSCAL.relationshipWord(link.relationship, rationale: link.rationale).word)
                    w.key("sources")
                    w.beginArray()
                    w.beginObject()
                    w.member("type", "control")
                    w.member("id-ref", sourceID)
                    if sourceID != entry.item || entry.proposal != nil || entry.placement != nil || entry.note != nil {
                        w.key("props")
                        w.beginArray()
                        if sourceID != entry.item { prop(OSCAL.Prop.itemID, entry.item) }
                        Self.forEachEntryProp(entry) { name, value in prop(name, value) }
                        w.endArray()
                    }
                    w.endObject()
                    w.endArray()
                    w.key("targets")
                    w.beginArray()
                    w.beginObject()
                    let targetID = controlID(target, targetItem)
                    w.member("type", "control")
                    w.member("id-ref", targetID)
                    if targetID != targetItem {
                        w.key("props")
                        w.beginArray()
                        prop(OSCAL.Prop.itemID, targetItem)
                        w.endArray()
                    }
                    w.endObject()
                    w.endArray()
                    var opened = false
                    Self.forEachLinkProp(link) { name, value in
                        if !opened {
                            w.key("props")
                            w.beginArray()
                            opened = true
                        }
                        prop(name, value)
                    }
                    if opened { w.endArray() }
                    if let note = link.note { w.member("remarks", note) }
                    w.endObject()
                    try flush(&w)
                }
            }
            w.endArray()
            // An entry with no item link (reviewed: no counterpart, or an industry-only item with
            // its 反映案), and links to a whole catalog: props grouped by entry on the first mapping.
            if targetIndex == 0, hasGroups {
                w.key("props")
                w.beginArray()
                for (entryIndex, entry) in entries.enumerated() {
                    let itemLinks = entry.links.contains { $0.target.item != nil }
                    let catalogLinks = entry.links.contains { $0.target.item == nil }
                    guard !itemLinks || catalogLinks else { continue }
                    let group = "entry-\(entryIndex + 1)"
                    prop(OSCAL.Prop.reviewedItem, entry.item, group: group)
                    if !itemLinks { Self.forEachEntryProp(entry) { name, value in prop(name, value, group: group) } }
                    for link in entry.links where link.target.item == nil {
                        prop(OSCAL.Prop.noRelationshipItem, link.target.catalog, group: group)
                    }
                }
                w.endArray()
            }
            func gap(_ items: [CatalogItem]?, _ catalog: String, linked: Set<String>, _ name: StaticString) {
                let unmapped = (items ?? []).lazy.map(\.id).filter { !linked.contains($0) }
                guard !unmapped.isEmpty else { return }
                w.key(name)
                w.beginObject()
                w.member("uuid", NameUUID.v5("mapping \(mapping.id) target \(target) \(name)"))
                w.key("unmapped-controls")
                w.beginArray()
                w.beginObject()
                w.key("with-ids")
                w.beginArray()
                for id in unmapped { w.string(controlID(catalog, id)) }
                w.endArray()
                w.endObject()
                w.endArray()
                w.endObject()
            }
            gap(catalogs[mapping.source]?.allItems, mapping.source, linked: linked, "source-gap-summary")
            gap(catalogs[target]?.allItems, target, linked: targetsLinked, "target-gap-summary")
            w.endObject()
            try flush(&w)
        }
        try withoutActuallyEscaping(flush) { flush in try targets(&w, mapped.count, flush, targetMapping) }
        w.endArray()

        w.key("back-matter")
        w.beginObject()
        w.key("resources")
        w.beginArray()
        for id in catalogIDs {
            w.beginObject()
            w.member("uuid", resourceUUID(id))
            w.member("title", catalogs[id]?.title ?? id)
            w.key("props")
            w.beginArray()
            prop(OSCAL.Prop.catalogID, id)
            w.endArray()
            w.key("rlinks")
            w.beginArray()
            w.beginObject()
            w.member("href", Self.catalogFileName(id))
            w.member("media-type", "application/json")
            w.endObject()
            w.endArray()
            w.endObject()
        }
        problems.writeTextResources(&w)
        w.endArray()
        w.endObject()
        w.endObject()
        w.endObject()
        return problems.diagnostics
    }
}

private extension Rationale {
    var index: Int { Rationale.allCases.firstIndex(of: self)! }
}

/// A value handed to another thread whose use the caller keeps safe (here: closures that only
/// read shared state, waited for before they go out of scope).
private final class SharedBox<Value>: @unchecked Sendable {
    var value: Value?
    init(_ value: Value) { self.value = value }
}

/// An unlinked temporary file (in `directory`, so on the output's file system) that a part of
/// a document is written into on another thread, then copied into the document in its turn
/// (OSCAL export), or read back in pieces (the regulation .docx's body and comments, which
/// `ZipPackage.add(_:spilled:)` deflates a chunk at a time).
final class SpillFile: @unchecked Sendable {
    private let descriptor: Int32
    private let directory: String

    init(directory: String) throws {
        self.directory = directory
        var template = Array((directory + "/.spill-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw OutputWriter.Failure(path: directory, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    /// A file already open for reading and writing, standing for a spill in `directory` (tests:
    /// `/dev/full`, where every write fails as on a full disk).
    init(descriptor: Int32, directory: String) {
        self.descriptor = descriptor
        self.directory = directory
    }

    deinit { close(descriptor) }

    private(set) var written = 0

    func append(_ bytes: [UInt8]) throws {
        written += bytes.count
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputWriter.Failure(path: directory, reason: "cannot write a temporary file: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    /// Exactly `count` bytes from `offset`, read straight into the `Data` the zip deflates.
    func data(at offset: Int, count: Int) throws -> Data {
        var data = Data(count: count)
        var filled = 0
        while filled < count {
            let n = data.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, count - filled, off_t(offset + filled)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw OutputWriter.Failure(path: directory, reason: "cannot read a temporary file: \(n < 0 ? String(cString: strerror(errno)) : "it ended early")")
            }
            filled += n
        }
        return data
    }

    /// Appends everything written so far to `file`.
    func copy(into file: inout OutputFile) throws {
        try file.append(contentsOf: descriptor, count: written)
    }
}
