/**
 * The replica's tryit page: the real page's title, ids, classes and texts,
 * and its behaviour in a small script: the database is built in the browser
 * (sql.js, SQLite compiled to WebAssembly, served from node_modules like the
 * real site's WebSQL, which is SQLite too), "Run SQL »" runs the editor's SQL
 * and writes "Number of Records: N" and a `table.ws-table-all`, and "Your
 * Database" lists the tables with their counts. Cells are written as text.
 */

export const TRYIT_HTML = `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>SQL Tryit Editor v1.6</title>
</head>
<body>
<div id="tryitLeaderboard"></div>
<form id="tryitform" autocomplete="off">
<div id="textareawrapper">
<textarea id="textareaCodeSQL" wrap="logical">SELECT * FROM Customers;</textarea>
</div>
</form>
<button class="ws-btn" type="button" onclick="w3schoolsSQLSubmit()">Run SQL »</button>
<button id="restoreDBBtn" type="button" onclick="w3schoolsRestoreDB()">Restore Database</button>
<h3>Result:</h3>
<div id="resultSQL">
<iframe id="iframeResultSQL" style="display:none" frameborder="0" name="view"></iframe>
<div id="divResultSQL"><div style="margin:10px;">Click "Run SQL" to execute the SQL statement above.</div></div>
</div>
<h4>Your Database:</h4>
<div id="yourDB"></div>
<div id="yourRC"></div>
<div id="yourIX"></div>
<script src="/replica/sql-wasm.js"></script>
<script src="/replica/tryit.js"></script>
</body>
</html>
`;

/** The page's script; its settings (faults) come with the data, from /replica/database.json. */
export const TRYIT_JS = `"use strict";
(function () {
  var textarea = document.getElementById("textareaCodeSQL");
  // A stand-in for CodeMirror's API, the part scripts use.
  var doc = {
    getValue: function () { return textarea.value; },
    setValue: function (value) { textarea.value = value; }
  };
  window.editor = { getDoc: function () { return doc; }, getValue: doc.getValue, setValue: doc.setValue };
  var db = null, settings = {};

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    return node;
  }

  function showDatabase() {
    var names = db.exec("SELECT tbl_name FROM sqlite_master WHERE type='table'")[0].values.map(function (r) { return r[0]; });
    var table = el("table", undefined, { width: "100%", xclass: "w3-table-all notranslate" });
    var head = el("tr");
    head.appendChild(el("th", "Tablename", { style: "text-align:left;" }));
    head.appendChild(el("th", "Records", { style: "text-align:right;" }));
    table.appendChild(head);
    names.forEach(function (name) {
      var count = db.exec("SELECT count(*) FROM [" + name + "]")[0].values[0][0];
      var tr = el("tr");
      var cell = el("td", name, { title: "Click to see the content of the " + name + " table" });
      cell.addEventListener("click", function () { editor.setValue("SELECT * FROM [" + name + "]"); w3schoolsSQLSubmit(); });
      tr.appendChild(cell);
      tr.appendChild(el("td", String(count), { style: "text-align:right;" }));
      table.appendChild(tr);
    });
    var panel = document.getElementById("yourDB");
    panel.innerHTML = "";
    panel.appendChild(table);
  }

  function show(sql) {
    var out = document.getElementById("divResultSQL");
    out.innerHTML = "";
    var results;
    try { results = db.exec(sql); } catch (e) { out.appendChild(el("div", "Error: " + e.message, { style: "padding:10px;" })); return; }
    var result = results[results.length - 1];
    if (!result || result.values.length === 0) { out.appendChild(el("div", "No result.", { style: "padding:10px;" })); return; }
    var rows = result.values;
    var wrapper = el("div", undefined, { style: "padding:10px;" });
    wrapper.appendChild(el("div", "Number of Records: " + rows.length, { style: "margin-bottom:10px;" }));
    var table = el("table", undefined, { "class": (settings.resultClass || "ws-table-all") + " notranslate" });
    var tbody = el("tbody");
    var head = el("tr");
    result.columns.forEach(function (c) { head.appendChild(el("th", c)); });
    tbody.appendChild(head);
    var cut = settings.cutShort && new RegExp("\\\\b" + settings.cutShort.table + "\\\\b", "i").test(sql) ? settings.cutShort.rows : 0;
    for (var i = 0; i < rows.length - cut; i++) {
      var tr = el("tr");
      for (var j = 0; j < rows[i].length; j++) {
        var value = rows[i][j];
        var td = el("td");
        if (value === null) td.appendChild(el("i", "null"));
        else td.textContent = String(value);
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    wrapper.appendChild(table);
    out.appendChild(wrapper);
  }

  window.w3schoolsSQLSubmit = function () {
    var sql = window.editor.getDoc().getValue();
    // The real page answers asynchronously (WebSQL transactions); so does the replica.
    setTimeout(function () { show(sql); }, 20);
  };
  window.w3schoolsRestoreDB = function () { if (window.confirm("Restore the database?")) location.reload(); };

  Promise.all([
    initSqlJs({ locateFile: function (file) { return "/replica/" + file; } }),
    fetch("/replica/database.json").then(function (r) { return r.json(); })
  ]).then(function (loaded) {
    var data = loaded[1];
    settings = data.settings || {};
    db = new loaded[0].Database();
    db.exec("BEGIN");
    data.tables.forEach(function (t) {
      db.exec("CREATE TABLE [" + t.name + "] (" + t.columns.map(function (c) { return "[" + c.name + "] " + c.sqlType; }).join(", ") + ")");
      var insert = db.prepare("INSERT INTO [" + t.name + "] VALUES (" + t.columns.map(function () { return "?"; }).join(", ") + ")");
      t.rows.forEach(function (row) { insert.run(row); });
      insert.free();
    });
    db.exec("COMMIT");
    showDatabase();
  });
})();
`;
