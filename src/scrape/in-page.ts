/**
 * The few functions browser mode runs inside the tryit page, as JavaScript
 * source (the project compiles without DOM types). `call` passes arguments as
 * JSON: only the scraper's own constants ever go in, never text from the site.
 */

/** `fn(...args)` as an expression to evaluate in the page. */
export const call = (fn: string, ...args: unknown[]) => `(${fn})(${args.map((a) => JSON.stringify(a)).join(", ")})`;

/** The element(s) a result may be written to: the div, or the iframe's body in WebSQL browsers. */
const ROOTS = `function roots(sel) {
  var frame = document.querySelector(sel.resultFrame);
  var body = frame && frame.contentDocument ? frame.contentDocument.body : null;
  return [document.querySelector(sel.result), body].filter(Boolean);
}`;

/** Clears the last result, sets the SQL in the editor and clicks Run; false when there is nothing to click. */
export const START_QUERY = `function (sql, sel) {
  ${ROOTS}
  roots(sel).forEach(function (root) { root.innerHTML = ""; });
  var textarea = document.querySelector(sel.editor);
  if (textarea) textarea.value = sql;
  var editor = window.editor;
  if (editor && typeof editor.getDoc === "function") editor.getDoc().setValue(sql);
  else if (editor && typeof editor.setValue === "function") editor.setValue(sql);
  var buttons = Array.prototype.slice.call(document.querySelectorAll(sel.run));
  var run = buttons.filter(function (b) { return /Run SQL/i.test(b.textContent || ""); })[0] || buttons[0];
  if (run) { run.click(); return true; }
  if (typeof window.w3schoolsSQLSubmit === "function") { window.w3schoolsSQLSubmit(); return true; }
  return false;
}`;

/**
 * True once a result (or "No result.") is shown. Polled every 50 ms, so it
 * reads only the first text nodes (the line comes before the table), never
 * the whole text of a table of thousands of rows.
 */
export const RESULT_SHOWN = `function (sel, records) {
  ${ROOTS}
  return roots(sel).some(function (root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), node, seen = 0;
    while ((node = walker.nextNode()) && seen++ < 20) {
      if (new RegExp(records).test(node.data) || /No result\\./.test(node.data)) return true;
    }
    return false;
  });
}`;

/** The result as { recordsShown, headers, rows }, or { missing: selector } when the table is not found. */
export const READ_RESULT = `function (sel, records, nullMark) {
  ${ROOTS}
  var root = roots(sel).filter(function (r) { return new RegExp(records).test(r.textContent || ""); })[0];
  if (!root) return { recordsShown: 0, headers: [], rows: [] };
  var count = new RegExp(records).exec(root.textContent || "");
  var table = root.querySelector(sel.resultTable);
  if (!table) return { missing: sel.resultTable };
  var trs = Array.prototype.slice.call(table.querySelectorAll("tr"));
  var text = function (cell) { return cell.textContent || ""; };
  var headers = trs.length ? Array.prototype.map.call(trs[0].querySelectorAll("th"), function (th) { return text(th).trim(); }) : [];
  var rows = trs.slice(1).map(function (tr) {
    return Array.prototype.map.call(tr.querySelectorAll("td"), function (td) {
      var only = td.children.length === 1 ? td.children[0] : null;
      return only && only.tagName === "I" && text(td).trim() === nullMark ? "" : text(td);
    });
  });
  return { recordsShown: Number(count[1].replace(/,/g, "")), headers: headers, rows: rows };
}`;

/** "Your Database" rows as [name, count] text. */
export const DATABASE_ROWS = `function (sel) {
  return Array.prototype.map.call(document.querySelectorAll(sel.database + " tr"), function (tr) {
    return Array.prototype.map.call(tr.querySelectorAll("td"), function (td) { return (td.textContent || "").trim(); });
  }).filter(function (cells) { return cells.length >= 2; });
}`;

/** Hides the result container, so Chromium does not lay out what is only read. */
export const HIDE_RESULT = `function (sel) {
  var style = document.createElement("style");
  style.textContent = sel.result + " { display: none !important; }";
  document.head.appendChild(style);
}`;
