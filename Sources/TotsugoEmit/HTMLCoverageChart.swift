import TotsugoMatch

/// Coverage drawn as inline SVG: one stacked bar per line (mapped / `#N/A` / unreviewed),
/// with counts and the mapped share. Two charts: per target group (all levels) and per level
/// (any target). No script, no external resources.
struct HTMLCoverageChart {
    static let labelWidth = 130
    static let barWidth = 420
    static let rowHeight = 28
    static let segments: [(name: String, className: String)] = [("対応あり", "mapped"), ("対応なし（#N/A）", "nogap"), ("未突合", "todo")]

    let coverage: Coverage

    var html: String {
        var out = "<div class=\"charts\">\n"
        let byTarget = coverage.lines.filter { $0.level == nil }
        out += chart(title: "対象別（全レベル）", id: "chart-target", bars: byTarget.map { ($0.targetTitle, $0.count) })
        let byLevel = coverage.lines.filter { $0.target == nil && $0.level != nil }
        if byLevel.isEmpty {
            out += "<p class=\"note\">業界側の項目にレベル（LV1〜LV3）の記載がないため、レベル別の集計はありません。</p>\n"
        } else {
            out += chart(title: "レベル別（いずれかの対象）", id: "chart-level", bars: byLevel.map { ($0.level?.description ?? "", $0.count) })
        }
        return out + "</div>\n"
    }

    func chart(title: String, id: String, bars: [(label: String, count: Coverage.Count)]) -> String {
        let width = Self.labelWidth + Self.barWidth + 150
        let height = 30 + bars.count * Self.rowHeight + 6
        var out = "<figure class=\"chart\"><figcaption>\(HTMLText.escape(title))</figcaption>\n"
        out += "<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">\n"
        // Legend.
        var x = Self.labelWidth
        for segment in Self.segments {
            out += "<rect class=\"\(segment.className)\" x=\"\(x)\" y=\"4\" width=\"12\" height=\"12\"/>"
            out += "<text x=\"\(x + 16)\" y=\"14\">\(HTMLText.escape(segment.name))</text>"
            x += 16 + segment.name.count * 13 + 18
        }
        out += "\n"
        for (index, bar) in bars.enumerated() {
            let y = 30 + index * Self.rowHeight
            let c = bar.count
            out += "<g class=\"bar\"><text class=\"label\" x=\"\(Self.labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(HTMLText.escape(bar.label))</text>"
            var offset = 0.0
            for (segment, value) in zip(Self.segments, [c.mapped, c.noCounterpart, c.unreviewed]) where value > 0 && c.items > 0 {
                let w = Double(Self.barWidth) * Double(value) / Double(c.items)
                out += "<rect class=\"\(segment.className)\" x=\"\(HTMLText.oneDecimal(Double(Self.labelWidth) + offset))\" y=\"\(y + 2)\" width=\"\(HTMLText.oneDecimal(w))\" height=\"18\">"
                out += "<title>\(HTMLText.escape("\(bar.label) \(segment.name): \(value) / \(c.items)"))</title></rect>"
                offset += w
            }
            if c.items == 0 {
                out += "<rect class=\"empty\" x=\"\(Self.labelWidth)\" y=\"\(y + 2)\" width=\"\(Self.barWidth)\" height=\"18\"/>"
            }
            let summary = "\(HTMLText.oneDecimal(c.mappedPercent))%（\(c.mapped)/\(c.items)）"
            out += "<text class=\"value\" x=\"\(Self.labelWidth + Self.barWidth + 8)\" y=\"\(y + 15)\">\(HTMLText.escape(summary))</text></g>\n"
        }
        return out + "</svg></figure>\n"
    }
}
