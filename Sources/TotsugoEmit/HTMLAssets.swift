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
    .gap-filters label { margin-left: 6px; }
    .pick { display: none; position: relative; }
    html.js .pick { display: inline-block; }
    .pick summary { cursor: pointer; }
    .pick[open] > span { position: absolute; z-index: 6; background: #fff; border: 1px solid var(--rule);
      padding: 6px 8px; display: flex; flex-direction: column; gap: 2px; max-height: 60vh; overflow: auto; white-space: nowrap; }
    .pager { display: inline-flex; gap: 6px; align-items: center; }
    .pager[hidden] { display: none; }
    .pager button, .pager select { font: inherit; }
    .pager .where { min-width: 14em; text-align: center; color: #444; }
    p.partial { margin: 6px 0; }
    html.js .noscript-only { display: none; }
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
      p.partial[hidden] { display: none; }
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

    /// Renders the rows of the 突合表 and the 逆引き from the embedded data (`HTMLReportData`) a
    /// page at a time, and filters them: search (every word, NFKC and case folded), level, and
    /// `#N/A` in any or in chosen target groups. Works from file:// under the page's CSP (inline
    /// script, no network; deflated data is inflated with `DecompressionStream`). Before
    /// printing, all filtered rows are rendered when there are at most `printAll` of them.
    static let script = #"""
    (function () {
      "use strict";
      var printAll = 3000;
      document.documentElement.className += " js";
      function $(id) { return document.getElementById(id); }
      function fold(text) {
        text = text || "";
        return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
      }
      var entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
      function esc(text) { return String(text).replace(/[&<>"']/g, function (c) { return entities[c]; }); }
      function lines(text) { return esc(text.replace(/\r\n/g, "\n")).split("\n").join("<br>"); }
      function terms(input) { return fold(input.value).split(/\s+/).filter(Boolean); }

      function loadData(done) {
        var plain = $("report-data");
        if (plain) { done(JSON.parse(plain.textContent)); return; }
        var pieces = document.querySelectorAll("script.report-data-z");
        if (!pieces.length || typeof DecompressionStream === "undefined" || typeof Response === "undefined") { done(null); return; }
        Promise.all(Array.prototype.map.call(pieces, function (piece) {
          var bytes;
          if (Uint8Array.fromBase64) {
            bytes = Uint8Array.fromBase64(piece.textContent);
          } else {
            var text = atob(piece.textContent);
            bytes = new Uint8Array(text.length);
            for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
          }
          return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer();
        })).then(function (buffers) {
          var total = 0, at = 0;
          buffers.forEach(function (b) { total += b.byteLength; });
          var all = new Uint8Array(total);
          buffers.forEach(function (b) { all.set(new Uint8Array(b), at); at += b.byteLength; });
          done(JSON.parse(new TextDecoder().decode(all)));
        }).catch(function () { done(null); });
      }

      // One paged table: `render(i)` is the markup of row i, `matches()` the filtered rows.
      function View(o) {
        var view = this, pager = $(o.pager), note = $(o.note), tbody = document.querySelector("#" + o.table + " tbody");
        var per = pager.querySelector(".per-page");
        this.shown = []; this.page = 0; this.all = false;
        this.update = function () { view.shown = o.matches(); view.page = 0; view.draw(); };
        // The rows as the page was written (the first rows as HTML): nothing to draw again
        // unless a filter or the page size asks for others.
        this.start = function () {
          var all = true;
          view.shown = o.matches(function () { all = false; });
          if (!all || view.shown.length !== o.size || Math.min(o.size, Number(per.value)) !== o.first) { view.draw(); return; }
          pager.hidden = view.shown.length <= Number(per.value);
          pager.querySelector(".where").textContent = "1–" + Math.min(o.size, o.first) + " 行目（1 / " + Math.max(1, Math.ceil(o.size / o.first)) + " ページ）";
          if (o.size > o.first) { note.textContent = "全 " + o.size + " 行のうち 1–" + o.first + " 行目を表示しています。"; }
        };
        this.draw = function () {
          var size = Number(per.value), pages = Math.max(1, Math.ceil(view.shown.length / size));
          if (view.page >= pages) { view.page = pages - 1; }
          var from = view.all ? 0 : view.page * size, to = view.all ? view.shown.length : Math.min(view.shown.length, from + size);
          var html = [];
          for (var k = from; k < to; k++) { html.push(o.render(view.shown[k])); }
          tbody.innerHTML = html.join("");
          $(o.count).textContent = view.shown.length + " / " + o.size + " 行を表示";
          pager.hidden = view.shown.length <= size;
          pager.querySelector(".where").textContent = (to > from ? (from + 1) + "–" + to : "0") + " 行目（" + (view.page + 1) + " / " + pages + " ページ）";
          var partial = to - from < view.shown.length;
          note.hidden = !partial;
          note.textContent = partial ? "全 " + view.shown.length + " 行のうち " + (from + 1) + "–" + to + " 行目を表示しています。" : "";
          if (o.after) { o.after(); }
        };
        pager.addEventListener("click", function (event) {
          var go = event.target.getAttribute && event.target.getAttribute("data-go");
          if (!go) { return; }
          var pages = Math.max(1, Math.ceil(view.shown.length / Number(per.value)));
          view.page = go === "first" ? 0 : go === "prev" ? Math.max(0, view.page - 1) : go === "next" ? Math.min(pages - 1, view.page + 1) : pages - 1;
          view.draw();
          var wrap = tbody.closest(".table-wrap");
          if (wrap) { wrap.scrollTop = 0; }
        });
        per.addEventListener("change", function () { view.page = 0; view.draw(); });
      }

      function start(data) {
        // marker(texts)(term)[i] = 1 when texts[i] holds the term. On first use the texts are
        // folded once as one string (NUL between texts); a term is then found with indexOf over
        // it, each hit mapped back to its text.
        function marker(texts) {
          var joined = null, starts = null;
          return function (term) {
            if (joined === null) {
              joined = fold(texts.join("\u0000"));
              starts = new Int32Array(texts.length + 1);
              for (var k = 1, at = 0; k < texts.length; k++) { at = joined.indexOf("\u0000", at) + 1; starts[k] = at; }
              starts[texts.length] = joined.length + 1;
            }
            var m = new Uint8Array(texts.length), from = 0, hit;
            term = term.split("\u0000").join("");
            if (!term) { return m.fill(1); }
            while ((hit = joined.indexOf(term, from)) >= 0) {
              var lo = 0, hi = texts.length - 1;
              while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= hit) { lo = mid; } else { hi = mid - 1; } }
              m[lo] = 1;
              from = starts[lo + 1];
            }
            return m;
          };
        }
        var S = data.s, marks = marker(S);
        function has(cell, m) {
          if (typeof cell === "number") { return cell >= 0 && m[cell] === 1; }
          for (var j = 0; j < cell.length; j++) { if (m[cell[j]] === 1) { return true; } }
          return false;
        }
        // Large tables: the first keystroke is answered at once, the ones typed quickly after it
        // once typing pauses.
        function debounce(fn, rows) {
          if (rows < 5000) { return fn; }
          var timer = null, last = 0;
          return function () {
            clearTimeout(timer);
            if (Date.now() - last > 400) { last = Date.now(); fn(); return; }
            timer = setTimeout(function () { last = Date.now(); fn(); }, 150);
          };
        }

        // 突合表: one value per column group (HTMLReportData).
        var X = data.xref.rows, T = data.t, widths = data.xref.groups, isTarget = {}, groupOf = [];
        data.xref.targets.forEach(function (g) { isTarget[g] = true; });
        widths.forEach(function (width, g) { for (var k = 0; k < width; k++) { groupOf.push(g); } });
        // Texts written in the rows become indexes into S, as in the target groups.
        X.forEach(function (row) {
          for (var g = 0; g < widths.length; g++) {
            var cells = row[1 + g];
            if (typeof cells === "number") { continue; }
            if (cells.c) { cells = cells.c; } else if (isTarget[g]) { continue; }
            for (var k = 0; k < cells.length; k++) {
              var cell = cells[k];
              if (typeof cell === "string") { cells[k] = S.push(cell) - 1; }
              else if (typeof cell === "object") { cells[k] = cell.map(function (text) { return S.push(text) - 1; }); }
            }
          }
        });
        var heads = document.querySelectorAll("#xref tr.columns th");
        var gs = [], prose = [], tt = [];
        for (var c = 0; c < heads.length; c++) {
          gs.push(heads[c].classList.contains("gs")); prose.push(heads[c].classList.contains("prose")); tt.push(heads[c].classList.contains("tt"));
        }
        var query = $("q"), level = $("level"), gapsOnly = $("gaps-only");
        var gapsIn = Array.prototype.slice.call(document.querySelectorAll("input.gaps-in"));
        var levelMemo = {};
        // The cells of group g (number, array of indexes, -1, -2), from its value e.
        function groupCells(e, g) {
          var w = widths[g], out = [], k, c;
          if (e === -1 || e === -2) { for (k = 0; k < w; k++) { out.push(e); } return out; }
          if (e.c) { return e.c; }
          if (!isTarget[g]) { return e; }
          for (c = 0; c < w; c++) {
            var column = [];
            for (k = 0; k < e.length; k += 2) { column.push(c < w - 1 ? T[e[k]][c] : e[k + 1]); }
            out.push(column.length === 1 ? column[0] : column);
          }
          return out;
        }
        function cellList(e, g) { return e === -1 || e === -2 ? null : e.c || (isTarget[g] ? null : e); }
        function groupGap(e, g) { var cells = cellList(e, g); return e === -1 || (cells !== null && cells.indexOf(-1) >= 0); }
        function xrefRow(r) {
          var row = X[r], cells = [], gaps = 0, gapGroups = [], col = 0;
          for (var g = 0; g < widths.length; g++) {
            var values = groupCells(row[1 + g], g);
            for (var k = 0; k < values.length; k++, col++) {
              var cell = values[k], cls = gs[col] ? ["gs"] : [], text;
              if (cell === -1) {
                cls.push("gap"); text = "#N/A"; gaps += 1;
                if (gapGroups[gapGroups.length - 1] !== g) { gapGroups.push(g); }
              } else if (cell === -2) {
                cls.push("unreviewed"); text = "（未突合）";
              } else {
                if (prose[col]) { cls.push("prose"); }
                text = typeof cell === "number" ? S[cell] : cell.map(function (i) { return S[i]; }).join("\n");
              }
              cls.push("c" + g);
              if (tt[col]) { cls.push("tt"); }
              cells.push("<td class=\"" + cls.join(" ") + "\">" + lines(text) + "</td>");
            }
          }
          return "<tr data-levels=\"" + esc(S[row[0]]) + "\" data-gaps=\"" + gaps + "\" data-gap-groups=\"" + gapGroups.join(" ") + "\">" + cells.join("") + "</tr>";
        }
        function xrefMatches(filtered) {
          var words = terms(query), m = words.map(marks), wanted = level && !level.disabled ? level.value : "";
          var tm = m.map(function (mw) { return T.map(function (item) { return item.some(function (i) { return mw[i] === 1; }); }); });
          var na = words.map(function (w) { return "#n/a".indexOf(w) >= 0; });
          var todo = words.map(function (w) { return fold("（未突合）").indexOf(w) >= 0; });
          var groups = gapsIn.filter(function (box) { return box.checked; }).map(function (box) { return Number(box.getAttribute("data-group")); });
          if (filtered && (words.length || wanted || gapsOnly.checked || groups.length)) { filtered(); }
          function holds(e, g, w) {
            if (e === -1) { return na[w]; }
            if (e === -2) { return todo[w]; }
            var cells = cellList(e, g), k;
            if (cells) {
              for (k = 0; k < cells.length; k++) {
                var cell = cells[k];
                if (cell === -1 ? na[w] : cell === -2 ? todo[w] : has(cell, m[w])) { return true; }
              }
              return false;
            }
            for (k = 0; k < e.length; k += 2) { if (tm[w][e[k]] || m[w][e[k + 1]] === 1) { return true; } }
            return false;
          }
          var out = [];
          rows: for (var r = 0; r < X.length; r++) {
            var row = X[r], g;
            if (wanted) {
              var ok = levelMemo[row[0]];
              if (ok === undefined) { ok = levelMemo[row[0]] = (" " + S[row[0]] + " ").indexOf(" " + wanted + " ") >= 0; }
              if (!ok) { continue; }
            }
            if (gapsOnly.checked) {
              for (g = 0; g < widths.length && !groupGap(row[1 + g], g); g++) {}
              if (g === widths.length) { continue; }
            }
            for (g = 0; g < groups.length; g++) { if (!groupGap(row[1 + groups[g]], groups[g])) { continue rows; } }
            for (var w = 0; w < m.length; w++) {
              for (g = 0; g < widths.length && !holds(row[1 + g], g, w); g++) {}
              if (g === widths.length) { continue rows; }
            }
            out.push(r);
          }
          return out;
        }
        var xref = new View({ table: "xref", pager: "xref-pager", note: "xref-note", count: "count", size: X.length, first: document.querySelectorAll("#xref tbody tr").length, render: xrefRow, matches: xrefMatches });

        // 逆引き
        var R = data.reverse.rows, RS = data.rs, rmarks = marker(RS), rquery = $("rq"), rtarget = $("r-target"), rgaps = $("r-gaps-only");
        function reverseRow(r) {
          var row = R[r], out = "<tr><td>" + esc(RS[row[0]]) + "</td><td>" + esc(RS[row[1]]) + "</td><td>" + lines(RS[row[2]]) + "</td>";
          if (row[4].length) {
            out += "<td>" + lines(row[4].map(function (i) { return RS[i]; }).join("\n")) + "</td><td>" + lines(row[5].map(function (i) { return RS[i]; }).join("\n")) + "</td>";
          } else if (row[3] >= 0) {
            out += "<td class=\"below\">" + esc(RS[row[3]]) + "</td><td></td>";
          } else {
            out += "<td class=\"gap\">#N/A</td><td class=\"gap\">#N/A</td>";
          }
          return out + "</tr>";
        }
        function reverseMatches(filtered) {
          var words = terms(rquery), m = words.map(rmarks), target = rtarget.value, out = [];
          if (filtered && (words.length || target || rgaps.checked)) { filtered(); }
          var na = words.map(function (w) { return "#n/a".indexOf(w) >= 0; });
          for (var r = 0; r < R.length; r++) {
            var row = R[r], gap = !row[4].length && row[3] < 0;
            if (target && RS[row[0]] !== target) { continue; }
            if (rgaps.checked && !gap) { continue; }
            var w = 0;
            for (; w < m.length; w++) {
              var mw = m[w];
              if (!(mw[row[0]] || mw[row[1]] || mw[row[2]] || (row[3] >= 0 && mw[row[3]]) || has(row[4], mw) || has(row[5], mw) || (gap && na[w]))) { break; }
            }
            if (w === m.length) { out.push(r); }
          }
          return out;
        }
        var reverse = new View({ table: "reverse-table", pager: "reverse-pager", note: "reverse-note", count: "r-count", size: R.length, first: document.querySelectorAll("#reverse-table tbody tr").length, render: reverseRow, matches: reverseMatches });

        // The targets shown, and whether their 記載内容 is: one style rule per hidden group; each
        // group heading spans only its columns left visible.
        var showG = Array.prototype.slice.call(document.querySelectorAll("input.show-g")), showText = $("show-text");
        var groupHeads = document.querySelectorAll("#xref tr.groups th"), columnStyle = document.createElement("style");
        document.head.appendChild(columnStyle);
        function applyColumns() {
          var rules = [], noText = showText && !showText.checked;
          showG.forEach(function (box) { if (!box.checked) { rules.push("#xref .c" + box.getAttribute("data-group") + " { display: none; }"); } });
          if (noText) { rules.push("#xref .tt { display: none; }"); }
          columnStyle.textContent = rules.join("\n");
          for (var g = 0, col = 0; g < widths.length; g++) {
            var n = 0;
            for (var k = 0; k < widths[g]; k++, col++) { if (!(noText && tt[col])) { n++; } }
            if (groupHeads[g]) { groupHeads[g].colSpan = Math.max(1, n); }
          }
        }

        // A link can carry a filter: report.html#filter?q=付録5&level=LV1&gaps=1&gapin=1,2&hide=3,4&text=0
        function fromHash() {
          var hash = window.location.hash || "";
          if (hash.indexOf("#filter?") !== 0) { return; }
          hash.slice(8).split("&").forEach(function (pair) {
            var parts = pair.split("=");
            var key = decodeURIComponent(parts[0] || "");
            var value = decodeURIComponent((parts[1] || "").replace(/\+/g, " "));
            if (key === "q") { query.value = value; }
            if (key === "level" && level && !level.disabled) { level.value = value; }
            if (key === "gaps") { gapsOnly.checked = value === "1"; }
            if (key === "hide") {
              var hidden = value.split(",");
              showG.forEach(function (box) { box.checked = hidden.indexOf(box.getAttribute("data-group")) < 0; });
            }
            if (key === "text" && showText) { showText.checked = value !== "0"; }
            if (key === "gapin") {
              var chosen = value.split(",");
              gapsIn.forEach(function (box) { box.checked = chosen.indexOf(box.getAttribute("data-group")) >= 0; });
            }
          });
        }
        var applyX = debounce(xref.update, X.length), applyR = debounce(reverse.update, R.length);
        query.addEventListener("input", applyX);
        if (level) { level.addEventListener("change", xref.update); }
        gapsOnly.addEventListener("change", xref.update);
        gapsIn.forEach(function (box) { box.addEventListener("change", xref.update); });
        rquery.addEventListener("input", applyR);
        rtarget.addEventListener("change", reverse.update);
        rgaps.addEventListener("change", reverse.update);
        showG.concat(showText ? [showText] : []).forEach(function (box) { box.addEventListener("change", applyColumns); });
        window.addEventListener("hashchange", function () { fromHash(); applyColumns(); xref.update(); });
        // Printing: every filtered row when there are not too many, else the page on screen.
        window.addEventListener("beforeprint", function () {
          [xref, reverse].forEach(function (view) { if (view.shown.length <= printAll) { view.all = true; view.draw(); } });
        });
        window.addEventListener("afterprint", function () {
          [xref, reverse].forEach(function (view) { if (view.all) { view.all = false; view.draw(); } });
        });
        fromHash();
        applyColumns();
        xref.start();
        reverse.start();
        document.documentElement.setAttribute("data-report", "ready");
        // Fold the texts for search while the reader looks at the first page.
        setTimeout(function () { marks(""); rmarks(""); }, 0);
      }

      loadData(function (data) {
        if (data) { start(data); return; }
        $("count").textContent += "（このブラウザーでは先頭の行のみ表示できます）";
        var pick = document.querySelector(".pick");
        if (pick) { pick.style.display = "none"; }
        document.documentElement.setAttribute("data-report", "unavailable");
      });
    })();
    """#
}
