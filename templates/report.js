/*
 * The interactive report's own script (src/render/interactive.ts inlines it
 * and allows it by hash). It computes no figure: it draws the analyses'
 * charts with Vega, sorts and filters the tables already in the page, and
 * filters and sums the run's sales cube. Names from the data are only ever
 * set as textContent, never as markup.
 */
(function () {
  "use strict";

  var dataElement = document.getElementById("report-data");
  if (!dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var root = document.documentElement;
  var money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
  var count = new Intl.NumberFormat("en-US");
  var percent = new Intl.NumberFormat("en-US", {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props)
      Object.keys(props).forEach(function (k) {
        if (k === "text") node.textContent = props[k];
        else if (k === "className") node.className = props[k];
        else node.setAttribute(k, props[k]);
      });
    (children || []).forEach(function (c) {
      node.appendChild(c);
    });
    return node;
  }

  /* ---------- Theme: the reader's setting, unless the toggle chose ---------- */

  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function storedTheme() {
    try {
      return window.localStorage.getItem("sales-insight-theme");
    } catch (e) {
      return null; // a file:// page may have no storage
    }
  }
  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return Boolean(system && system.matches);
  }
  var toggle = document.getElementById("theme-toggle");
  function showTheme() {
    if (!toggle) return;
    var dark = isDark();
    toggle.setAttribute("aria-pressed", String(dark));
    toggle.textContent = dark ? "Light theme" : "Dark theme";
  }
  var saved = storedTheme();
  if (saved === "dark" || saved === "light") root.setAttribute("data-theme", saved);
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem("sales-insight-theme", next);
      } catch (e) {
        /* not kept: fine */
      }
      showTheme();
      drawCharts();
    });
  }
  if (system && system.addEventListener)
    system.addEventListener("change", function () {
      if (!root.getAttribute("data-theme")) {
        showTheme();
        drawCharts();
      }
    });
  showTheme();

  /* ---------- Charts: the analyses' specs drawn live, with tooltips ---------- */

  /** A copy of a spec with every light chart colour swapped for its dark counterpart. */
  function themed(spec) {
    if (!isDark()) return spec;
    return JSON.parse(JSON.stringify(spec), function (key, value) {
      return typeof value === "string" && data.dark[value.toUpperCase()] ? data.dark[value.toUpperCase()] : value;
    });
  }

  var views = [];
  /** An empty box for a chart in `parent`, replacing the one an earlier theme drew in. */
  function freshContainer(parent) {
    var old = parent.querySelector(".live-chart");
    var live = el("div", { className: "live-chart" });
    if (old) parent.replaceChild(live, old);
    else parent.appendChild(live);
    return live;
  }
  function embed(container, spec) {
    return window
      .vegaEmbed(container, themed(spec), {
        mode: "vega",
        renderer: "svg",
        actions: false,
        ast: true, // Vega's expression interpreter: no eval, so the page's policy needs no 'unsafe-eval'
        tooltip: { theme: isDark() ? "dark" : "light" },
      })
      .then(function (result) {
        views.push(result.view);
        return result.view;
      });
  }

  var figures = Array.prototype.slice.call(document.querySelectorAll("figure[data-chart]"));
  var explorerView = null;
  function drawCharts() {
    if (!window.vegaEmbed) return Promise.resolve();
    views.splice(0).forEach(function (v) {
      v.finalize();
    });
    var drawn = figures.map(function (figure) {
      var spec = data.charts[figure.getAttribute("data-chart")];
      if (!spec) return Promise.resolve();
      return embed(freshContainer(figure), spec).then(
        function () {
          figure.classList.add("is-live");
        },
        function () {
          figure.classList.remove("is-live"); // the static SVG stays
        },
      );
    });
    if (explorer) drawn.push(explorer.drawChart());
    return Promise.all(drawn).then(function () {
      root.setAttribute("data-charts", "ready");
    });
  }

  /* ---------- Tables: sortable headers (buttons) and a row filter ---------- */

  /** The value a cell shows, as a number where it reads as one ("$1,234.50", "−5.1%", "12"), else text. */
  function cellValue(text) {
    var t = text.trim().replace(/\u2212/g, "-");
    var m = /^([-+]?)\$?([\d,]*\.?\d+)\s*(%|[KMB])?$/.exec(t);
    if (!m) return t.toLowerCase();
    var n = parseFloat(m[2].replace(/,/g, "")) * (m[1] === "-" ? -1 : 1);
    var scale = { K: 1e3, M: 1e6, B: 1e9 }[m[3]];
    return scale ? n * scale : n;
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    if (typeof a === "number") return -1; // numbers before "n/a"
    if (typeof b === "number") return 1;
    return a.localeCompare(b);
  }

  /** Makes a rendered table's headers sort buttons; `onSort` is told the column and direction. */
  function sortableHeaders(table, onSort) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    headers.forEach(function (th, index) {
      if (th.querySelector("button")) return;
      var button = el("button", { type: "button", className: "sort", text: th.textContent });
      button.appendChild(el("span", { className: "sort-mark", "aria-hidden": "true" }));
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) {
          h.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        onSort(index, ascending);
      });
    });
  }

  function enhanceTable(card) {
    var table = card.querySelector("table.data");
    var body = table && table.tBodies[0];
    if (!body || body.rows.length < 2 || body.querySelector("td.empty")) return;
    var rows = Array.prototype.slice.call(body.rows);
    sortableHeaders(table, function (index, ascending) {
      rows
        .slice()
        .sort(function (a, b) {
          var d = compare(cellValue(a.cells[index].textContent), cellValue(b.cells[index].textContent));
          return ascending ? d : -d;
        })
        .forEach(function (row) {
          body.appendChild(row);
        });
    });
    if (rows.length < 6) return;
    var title = card.querySelector("h3");
    var input = el("input", { type: "search", autocomplete: "off" });
    var shown = el("span", { className: "table-count", "aria-live": "polite" });
    var tools = el("div", { className: "table-tools" }, [el("label", { text: "Filter rows " }, [input]), shown]);
    input.setAttribute("aria-label", "Filter rows of " + (title ? title.textContent : "the table"));
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var n = 0;
      rows.forEach(function (row) {
        var match = !q || row.textContent.toLowerCase().indexOf(q) >= 0;
        row.hidden = !match;
        if (match) n++;
      });
      shown.textContent = q ? n + " of " + rows.length + " rows" : "";
    });
    card.insertBefore(tools, table.parentNode === card ? table : table.parentNode);
  }

  /* ---------- Explorer: period and country filters, country → city → customer ---------- */

  var explorer = data.explorer ? makeExplorer(data.explorer) : null;

  function makeExplorer(source) {
    var section = document.getElementById("explorer");
    var cube = source.cube;
    var cells = cube.cells;
    var from = document.getElementById("filter-from");
    var to = document.getElementById("filter-to");
    var country = document.getElementById("filter-country");
    var search = document.getElementById("explorer-search");
    var state = { from: 0, to: cube.months.length - 1, country: -1, city: -1, sort: "sales", ascending: false };
    var totalCents = cells.cents.reduce(function (s, c) {
      return s + c;
    }, 0);

    cube.months.forEach(function (m, i) {
      from.appendChild(el("option", { value: String(i), text: m }));
      to.appendChild(el("option", { value: String(i), text: m }));
    });
    // Countries by their sales over the whole pack, largest first, as the locations analysis ranks them.
    var countrySales = cube.countries.map(function () {
      return 0;
    });
    cells.customer.forEach(function (c, i) {
      countrySales[cube.cities[cube.customers[c][1]][1]] += cells.cents[i];
    });
    cube.countries
      .map(function (name, i) {
        return i;
      })
      .sort(function (a, b) {
        return countrySales[b] - countrySales[a] || cube.countries[a].localeCompare(cube.countries[b]);
      })
      .forEach(function (i) {
        country.appendChild(el("option", { value: String(i), text: cube.countries[i] }));
      });

    function sync() {
      from.value = String(state.from);
      to.value = String(state.to);
      country.value = state.country < 0 ? "" : String(state.country);
    }
    from.addEventListener("change", function () {
      state.from = Number(from.value);
      if (state.to < state.from) state.to = state.from;
      update();
    });
    to.addEventListener("change", function () {
      state.to = Number(to.value);
      if (state.from > state.to) state.from = state.to;
      update();
    });
    country.addEventListener("change", function () {
      state.country = country.value === "" ? -1 : Number(country.value);
      state.city = -1;
      update();
    });
    document.getElementById("filter-reset").addEventListener("click", function () {
      state.from = 0;
      state.to = cube.months.length - 1;
      state.country = -1;
      state.city = -1;
      search.value = "";
      update();
    });
    document.getElementById("explorer-filters").addEventListener("submit", function (e) {
      e.preventDefault();
    });
    search.addEventListener("input", renderTable);

    /** Sums the cells the filters keep, by month and by the drill-down level's rows. */
    function aggregate() {
      var months = cube.months.map(function (m) {
        return { month: m, cents: 0, orders: 0 };
      });
      var groups = new Map();
      var byCustomer = new Map();
      var total = { cents: 0, orders: 0 };
      for (var i = 0; i < cells.month.length; i++) {
        var m = cells.month[i];
        if (m < state.from || m > state.to) continue;
        var customer = cells.customer[i];
        var cityIndex = cube.customers[customer][1];
        var countryIndex = cube.cities[cityIndex][1];
        if (state.country >= 0 && countryIndex !== state.country) continue;
        if (state.city >= 0 && cityIndex !== state.city) continue;
        var cents = cells.cents[i];
        var orders = cells.orders[i];
        months[m].cents += cents;
        months[m].orders += orders;
        total.cents += cents;
        total.orders += orders;
        if (cube.customers[customer][0] !== null) byCustomer.set(customer, (byCustomer.get(customer) || 0) + cents);
        var key = state.city >= 0 ? customer : state.country >= 0 ? cityIndex : countryIndex;
        var g = groups.get(key);
        if (!g) groups.set(key, (g = { key: key, cents: 0, orders: 0 }));
        g.cents += cents;
        g.orders += orders;
      }
      var top = null;
      byCustomer.forEach(function (cents, customer) {
        if (!top || cents > top.cents) top = { customer: customer, cents: cents };
      });
      return {
        months: months.slice(state.from, state.to + 1),
        groups: Array.from(groups.values()),
        total: total,
        top: top,
      };
    }

    var last = null;
    function level() {
      return state.city >= 0 ? "customer" : state.country >= 0 ? "city" : "country";
    }
    function nameOf(key) {
      if (level() === "country") return cube.countries[key];
      if (level() === "city") return cube.cities[key][0];
      var name = cube.customers[key][0];
      return name === null ? "Other customers" : name;
    }

    function renderCrumbs() {
      var list = document.getElementById("explorer-crumbs");
      list.textContent = "";
      var steps = [{ label: "All countries", go: { country: -1, city: -1 } }];
      if (state.country >= 0)
        steps.push({ label: cube.countries[state.country], go: { country: state.country, city: -1 } });
      if (state.city >= 0)
        steps.push({ label: cube.cities[state.city][0], go: { country: state.country, city: state.city } });
      steps.forEach(function (step, i) {
        var item;
        if (i === steps.length - 1) item = el("span", { "aria-current": "location", text: step.label });
        else {
          item = el("button", { type: "button", className: "link", text: step.label });
          item.addEventListener("click", function () {
            state.country = step.go.country;
            state.city = step.go.city;
            search.value = "";
            update();
          });
        }
        list.appendChild(el("li", null, [item]));
      });
    }

    var COLUMNS = [
      { key: "name", label: null, numeric: false },
      { key: "sales", label: "Sales", numeric: true },
      { key: "share", label: "Share", numeric: true },
      { key: "orders", label: "Orders", numeric: true },
    ];
    function renderHead() {
      var head = document.getElementById("explorer-head");
      head.textContent = "";
      var names = { country: "Country", city: "City", customer: "Customer" };
      COLUMNS.forEach(function (c) {
        var label = c.label || names[level()];
        var button = el("button", { type: "button", className: "sort", text: label });
        button.appendChild(el("span", { className: "sort-mark", "aria-hidden": "true" }));
        var th = el("th", { scope: "col", className: c.numeric ? "num" : "" }, [button]);
        if (state.sort === c.key) th.setAttribute("aria-sort", state.ascending ? "ascending" : "descending");
        button.addEventListener("click", function () {
          state.ascending = state.sort === c.key ? !state.ascending : c.key === "name";
          state.sort = c.key;
          renderHead();
          renderTable();
          head.querySelectorAll("button")[COLUMNS.indexOf(c)].focus();
        });
        head.appendChild(th);
      });
    }

    function renderTable() {
      var body = document.getElementById("explorer-body");
      body.textContent = "";
      var q = search.value.trim().toLowerCase();
      var rows = last.groups
        .map(function (g) {
          return { key: g.key, name: nameOf(g.key), sales: g.cents, share: g.cents, orders: g.orders };
        })
        .filter(function (r) {
          return !q || r.name.toLowerCase().indexOf(q) >= 0;
        });
      rows.sort(function (a, b) {
        var d = state.sort === "name" ? a.name.localeCompare(b.name) : a[state.sort] - b[state.sort];
        if (d === 0) d = b.sales - a.sales || a.name.localeCompare(b.name);
        return state.ascending ? d : -d;
      });
      var drillable = level() !== "customer";
      rows.forEach(function (r) {
        var nameCell;
        var other = level() === "customer" && cube.customers[r.key][0] === null;
        if (drillable) {
          var button = el("button", { type: "button", className: "link drill", text: r.name });
          button.setAttribute("aria-label", r.name + ": show its " + (level() === "country" ? "cities" : "customers"));
          button.addEventListener("click", function () {
            if (level() === "country") state.country = r.key;
            else state.city = r.key;
            search.value = "";
            update();
            var first = document.querySelector("#explorer-body button.drill, #explorer-crumbs button");
            if (first) first.focus();
          });
          nameCell = el("th", { scope: "row" }, [button]);
        } else nameCell = el("th", { scope: "row", className: other ? "muted" : "", text: r.name });
        body.appendChild(
          el("tr", null, [
            nameCell,
            el("td", { className: "num nowrap", text: money.format(r.sales / 100) }),
            el("td", {
              className: "num nowrap",
              text: percent.format(last.total.cents ? r.sales / last.total.cents : 0),
            }),
            el("td", { className: "num nowrap", text: count.format(r.orders) }),
          ]),
        );
      });
      if (!rows.length)
        body.appendChild(
          el("tr", null, [el("td", { colspan: "4", className: "empty", text: "No sales for this selection." })]),
        );
      document.getElementById("explorer-count").textContent =
        rows.length +
        " of " +
        last.groups.length +
        " " +
        { country: "countries", city: "cities", customer: "customers" }[level()];
      document.getElementById("explorer-caption").textContent =
        "Sales by " +
        level() +
        (state.country >= 0
          ? " in " + (state.city >= 0 ? cube.cities[state.city][0] + ", " : "") + cube.countries[state.country]
          : "") +
        ", " +
        cube.months[state.from] +
        " to " +
        cube.months[state.to];
    }

    function monthRows() {
      return last.months.map(function (m) {
        return { month: m.month, sales: m.cents / 100, orders: m.orders };
      });
    }

    function update() {
      sync();
      last = aggregate();
      document.getElementById("explorer-sales").textContent = money.format(last.total.cents / 100);
      document.getElementById("explorer-orders").textContent = count.format(last.total.orders);
      document.getElementById("explorer-share").textContent = percent.format(
        totalCents ? last.total.cents / totalCents : 0,
      );
      document.getElementById("explorer-top").textContent = last.top
        ? cube.customers[last.top.customer][0] + " · " + money.format(last.top.cents / 100)
        : "—";
      renderCrumbs();
      renderHead();
      renderTable();
      var best = last.months.reduce(function (b, m) {
        return !b || m.cents > b.cents ? m : b;
      }, null);
      document.getElementById("explorer-chart-description").textContent =
        "Bar chart of sales by month for the selection: " +
        last.months.length +
        " months" +
        (best ? ", highest " + best.month + " at " + money.format(best.cents / 100) : "") +
        ".";
      if (explorerView) explorerView.data("months", monthRows()).runAsync();
    }

    var note = document.getElementById("explorer-note");
    note.textContent = cube.customers.some(function (c) {
      return c[0] === null;
    })
      ? "The " +
        count.format(cube.top) +
        " customers with the most sales are listed by name; the others are summed per city as “Other customers”."
      : "";

    section.hidden = false;
    update();
    return {
      drawChart: function () {
        explorerView = null;
        // Drawn with the selection's months in the spec, so the first layout is the final one.
        var spec = JSON.parse(JSON.stringify(source.chart));
        spec.data.forEach(function (d) {
          if (d.name === "months") d.values = monthRows();
        });
        return embed(freshContainer(document.getElementById("explorer-chart")), spec).then(function (view) {
          explorerView = view;
        });
      },
    };
  }

  Array.prototype.slice.call(document.querySelectorAll(".table-card")).forEach(enhanceTable);
  drawCharts();
})();
