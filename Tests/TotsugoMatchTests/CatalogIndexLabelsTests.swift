import Dispatch
import XCTest
import TotsugoCore
@testable import TotsugoMatch

/// The index makes its labels and path labels on first use (`regulation` never asks for
/// them). They must be what `CatalogItem.label` and the path joined with "/" say, for every
/// item, in document order, whichever is asked first and from however many threads.
final class CatalogIndexLabelsTests: XCTestCase {
    /// Two chapters, a section with articles under one, a numbered item whose number ends in
    /// a full stop (joined tight), a topic heading (参考:), an item with a number only.
    static func catalog() -> Catalog {
        let articles = [
            CatalogItem(id: "1.1.1", number: "(1)", heading: "台帳を作る"),
            CatalogItem(id: "1.1.2", number: "(2)", heading: "", text: "番号だけの項目"),
        ]
        let chapter1 = CatalogItem(id: "1", number: "1.", heading: "組織", children: [
            CatalogItem(id: "1.1", number: "1.1", heading: "資産の管理", children: articles),
            CatalogItem(id: "1.2", number: "", heading: "方針の策定", headingSource: .topic),
        ])
        let chapter2 = CatalogItem(id: "2", number: "2", heading: "物理的対策")
        return Catalog(id: "c", title: "見出しの試験", shortTitle: "試験", publisher: "p", version: "1",
                       completeness: "test", items: [chapter1, chapter2])
    }

    func testLabelsAndPathLabelsAreTheItemsOwn() {
        let index = CatalogIndex(Self.catalog())
        XCTAssertEqual(index.label("1"), "1.組織")
        XCTAssertEqual(index.label("1.1"), "1.1 資産の管理")
        XCTAssertEqual(index.label("1.2"), "参考: 方針の策定")
        XCTAssertEqual(index.label("1.1.2"), "(2)")
        XCTAssertEqual(index.label("2"), "2 物理的対策")
        XCTAssertNil(index.label("9"))
        XCTAssertEqual(index.pathLabel("1.1.1"), "1.組織/1.1 資産の管理/(1)台帳を作る")
        XCTAssertEqual(index.pathLabel("1.2"), "1.組織/参考: 方針の策定")
        XCTAssertEqual(index.pathLabel("2"), "2 物理的対策")
        XCTAssertEqual(index.pathLabel("9"), "")
        XCTAssertEqual(index.pathLabels("1.1.2"), ["1.組織", "1.1 資産の管理", "(2)"])
        XCTAssertEqual(index.pathLabels("9"), [])
        for id in index.orderedIDs {
            let path = index.paths[id] ?? []
            XCTAssertEqual(index.label(id), path.last?.label, id)
            XCTAssertEqual(index.pathLabels(id), path.map(\.label), id)
            XCTAssertEqual(index.pathLabel(id), path.map(\.label).joined(separator: "/"), id)
        }
    }

    /// Asked first from many threads at once: every thread sees the same, complete labels.
    func testFirstUseFromManyThreads() {
        let index = CatalogIndex(Self.catalog())
        let expected = index.orderedIDs.map { (index.paths[$0] ?? []).map(\.label).joined(separator: "/") }
        let fresh = CatalogIndex(Self.catalog())
        let results = UnsafeResults(count: 16)
        DispatchQueue.concurrentPerform(iterations: 16) { k in
            results.set(k, fresh.orderedIDs.map { fresh.pathLabel($0) })
        }
        for k in 0..<16 { XCTAssertEqual(results.get(k), expected, "thread \(k)") }
    }

    private final class UnsafeResults: @unchecked Sendable {
        private var values: [[String]]
        private let lock = NSLock()
        init(count: Int) { values = Array(repeating: [], count: count) }
        func set(_ k: Int, _ value: [String]) { lock.withLock { values[k] = value } }
        func get(_ k: Int) -> [String] { lock.withLock { values[k] } }
    }
}
