import TotsugoCore

/// Provisions for the base catalog of Tests/Fixtures/regulation-adopt, in our own words (no
/// guideline text): what an imported 付録5-like .docx gives `CatalogItem.provisions`. Catalog
/// files cannot carry provisions, so the tests add them after loading.
public enum AdoptFixture {
    public static let baseID = "adopt-base"

    public static let provisions: [String: [ProvisionBlock]] = [
        "1": [.paragraph(.init(text: "当社は、この章に定めるところにより情報管理の体制を置く。"))],
        "1/1": [
            .paragraph(.init(text: "委員会は、毎年○月に開催する。")),
            .paragraph(.init(kind: .bullet(marker: "●", depth: 0), text: "委員長は○○部長とする。")),
            .paragraph(.init(kind: .bullet(marker: "●", depth: 0), text: "議事の記録を残す。")),
            .paragraph(.init(kind: .bullet(marker: "・", depth: 1), text: "記録は＿＿＿＿が保管する。")),
        ],
        "1/2": [
            .paragraph(.init(text: "役割は次の表のとおりとする。")),
            .table(.init(rows: [["役職名", "役割と責任"], ["委員長", "委員会を取りまとめる。"], ["担当者", "＿＿＿＿の運用を行う。\n二行目の記述。"]], headerRows: 1)),
        ],
        "2/1": [
            .paragraph(.init(kind: .numbered(label: "(1)", depth: 0), text: "利用者は自分の認証情報を他人に教えない。")),
            .paragraph(.init(kind: .numbered(label: "(2)", depth: 0), text: "管理者は認証の設定を定期的に確かめる。")),
        ],
    ]

    /// `catalogs` with the provisions added to the base catalog's items.
    public static func withProvisions(_ catalogs: [Catalog]) -> [Catalog] {
        catalogs.map { catalog in
            guard catalog.id == baseID else { return catalog }
            var copy = catalog
            func fill(_ item: CatalogItem) -> CatalogItem {
                var item = item
                item.provisions = provisions[item.id] ?? []
                item.children = item.children.map(fill)
                return item
            }
            copy.items = copy.items.map(fill)
            return copy
        }
    }
}
