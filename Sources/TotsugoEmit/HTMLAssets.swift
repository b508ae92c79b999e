/// The report's inline style sheet and script. Both are literal text inside the page: the
/// report opens from file:// with no server and no network (the page's CSP forbids any).
enum HTMLAssets {
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    static let css = """
    :root { --gap-bg: #ffc7ce; --gap-fg: #9c0006; --todo-bg: #f2f2f2; --rule: #a6a6a6; }
    * { box-sizing: border-box; }
    body { margin: 16px; color: #1a1a1a; background: #fff;
      font-family: "Yu Gothic", "游ゴシック", YuGothic, "Hiragino Sans", "Hiragino Kaku Gothic ProN",
        "Noto Sans CJK JP", "Noto Sans JP", Meiryo, sans-serif; font-size: 13px; line-height: 1.5; }
    h1 { font-size: 20px; margin: 0 0 4px; }
    h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 2px solid #2f5597; padding-bottom: 2px; }
    .meta, .note { color: #444; margin: 4px 0; }
    .legend span { display: inline-block; padding: 0 6px; margin-right: 6px; border: 1px solid var(--rule); }
    .controls { position: sticky; top: 0; z-index: 5; background: #fff; padding: 8px 0; display: flex;
      flex-wrap: wrap; gap: 12px; align-items: center; border-bottom: 1px solid var(--rule); }
    .controls input[type=search] { width: 22em; padding: 3px 6px; font: inherit; }
    .controls select { font: inherit; }
    #count { color: #444; }
    .table-wrap { overflow: auto; max-height: 78vh; border: 1px solid var(--rule); }
    table { border-collapse: separate; border-spacing: 0; }
    th, td { border-right: 1px solid var(--rule); border-bottom: 1px solid var(--rule); padding: 4px 6px;
      vertical-align: top; text-align: left; }
    table.xref td { min-width: 7em; max-width: 28em; }
    table.xref td.prose, table.xref th.prose { min-width: 18em; }
    table.xref td.gap { min-width: 4em; white-space: nowrap; }
    thead { position: sticky; top: 0; z-index: 3; }
    thead th { font-weight: bold; text-align: center; vertical-align: middle; }
    tr.groups th.g0 { background: #b4c6e7; }
    tr.groups th.g1 { background: #c9d7ee; }
    tr.columns th { background: #ddebf7; }
    .gs { border-left: 2px solid #2f5597; }
    td.gap, .legend .gap { background: var(--gap-bg); color: var(--gap-fg); font-weight: bold; text-align: center; }
    td.unreviewed, .legend .unreviewed { background: var(--todo-bg); color: #7f7f7f; font-style: italic; }
    td.below { color: #595959; font-style: italic; }
    tbody tr:hover td { outline: 1px solid #2f5597; outline-offset: -1px; }
    tr[hidden] { display: none; }
    table.plain td:first-child { white-space: nowrap; }
    table.plain th { background: #ddebf7; }
    table.plain td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .charts { display: flex; flex-wrap: wrap; gap: 24px; }
    figure.chart { margin: 0; }
    figcaption { font-weight: bold; margin-bottom: 4px; }
    svg text { font-size: 12px; fill: #1a1a1a; font-family: inherit; }
    svg .mapped { fill: #4e9a6b; } svg .nogap { fill: #c0504d; } svg .todo { fill: #bfbfbf; }
    svg .empty { fill: none; stroke: #bfbfbf; stroke-dasharray: 4 3; }
    @page { size: A4 landscape; margin: 10mm; }
    @media print {
      body { margin: 0; font-size: 8pt; }
      .controls, .noprint { display: none !important; }
      .table-wrap { overflow: visible; max-height: none; border: none; }
      thead { position: static; display: table-header-group; }
      tr { break-inside: avoid; }
      table.xref { width: 100%; font-size: 6.5pt; }
      table.xref th, table.xref td, table.xref td.prose, table.xref th.prose, table.xref td.gap {
        min-width: 0; max-width: none; padding: 1px 2px; white-space: normal; overflow-wrap: anywhere; }
      h2 { break-after: avoid; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """

    static let script = """
    (function () {
      "use strict";
      var query = document.getElementById("q");
      var level = document.getElementById("level");
      var gapsOnly = document.getElementById("gaps-only");
      var count = document.getElementById("count");
      var rows = Array.prototype.slice.call(document.querySelectorAll("#xref tbody tr"));
      function fold(text) {
        text = text || "";
        return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
      }
      var texts = rows.map(function (row) { return fold(row.textContent); });
      function apply() {
        var terms = fold(query.value).split(/\\s+/).filter(Boolean);
        var wanted = level ? level.value : "";
        var shown = 0;
        rows.forEach(function (row, index) {
          var ok = terms.every(function (term) { return texts[index].indexOf(term) >= 0; });
          if (ok && wanted) { ok = (" " + row.getAttribute("data-levels") + " ").indexOf(" " + wanted + " ") >= 0; }
          if (ok && gapsOnly.checked) { ok = row.getAttribute("data-gaps") !== "0"; }
          row.hidden = !ok;
          if (ok) { shown += 1; }
        });
        count.textContent = shown + " / " + rows.length + " 行を表示";
      }
      // A link can carry a filter: report.html#filter?q=付録5&level=LV1&gaps=1
      function fromHash() {
        var hash = window.location.hash || "";
        if (hash.indexOf("#filter?") !== 0) { return; }
        hash.slice(8).split("&").forEach(function (pair) {
          var parts = pair.split("=");
          var key = decodeURIComponent(parts[0] || "");
          var value = decodeURIComponent((parts[1] || "").replace(/\\+/g, " "));
          if (key === "q") { query.value = value; }
          if (key === "level" && level && !level.disabled) { level.value = value; }
          if (key === "gaps") { gapsOnly.checked = value === "1"; }
        });
      }
      query.addEventListener("input", apply);
      if (level) { level.addEventListener("change", apply); }
      gapsOnly.addEventListener("change", apply);
      window.addEventListener("hashchange", function () { fromHash(); apply(); });
      fromHash();
      apply();
    })();
    """
}
