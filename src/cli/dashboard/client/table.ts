/**
 * The page script's trial table: sortable columns (one per objective, parameter and user
 * attribute, each can be hidden), filters by state, by value range and by parameter range or
 * choice, all applied together, 100 rows a page; a row opens the trial's detail view.
 * @module
 */
export const TABLE_JS = String.raw`
  function valueKeysOf(directions) { return directions.length === 1 ? ["value"] : directions.map((_, i) => "values_" + i); }
  function cell(t, key) {
    if (key === "number") return t.number;
    if (key === "state") return t.state;
    if (key === "duration") return t.duration;
    if (key === "datetime_start") return t.datetimeStart;
    if (key === "value" || key.startsWith("values_")) {
      const i = key === "value" ? 0 : Number(key.slice("values_".length));
      return t.values && t.values[i] !== undefined ? num(t.values[i]) : null;
    }
    if (key.startsWith("params.")) { const k = key.slice(7); return Object.prototype.hasOwnProperty.call(t.params, k) ? t.params[k] : undefined; }
    if (key.startsWith("user_attrs.")) { const k = key.slice(11); return Object.prototype.hasOwnProperty.call(t.userAttrs, k) ? t.userAttrs[k] : undefined; }
    return null;
  }
  function label(v) { return v === null ? "null" : String(v); }

  function makeTable(state, parts) {
    const { filters, tablewrap, pager } = parts;
    let sig = null;
    const countOf = {};
    let matchNote = el("span", { class: "muted" });

    function describe() {
      const all = [...state.trials.values()];
      const paramKeys = [...new Set(all.flatMap((t) => Object.keys(t.params)))].sort();
      const attrKeys = [...new Set(all.flatMap((t) => Object.keys(t.userAttrs)))].sort();
      const valueKeys = valueKeysOf(state.directions);
      const kinds = Object.create(null); // keyed by param names: no prototype, so __proto__ and constructor are plain keys
      for (const k of paramKeys) {
        let numeric = true;
        const cats = new Set();
        for (const t of all) {
          if (!Object.prototype.hasOwnProperty.call(t.params, k)) continue;
          const v = t.params[k];
          if (typeof v !== "number" || (t.distributions && t.distributions[k] === "categorical")) numeric = false;
          if (cats.size <= 50) cats.add(label(v));
        }
        kinds[k] = numeric ? { numeric: true } : { numeric: false, choices: [...cats].sort() };
      }
      return { all, paramKeys, attrKeys, valueKeys, kinds };
    }
    function columns(d) {
      return ["number", "state", ...d.valueKeys, "duration", "datetime_start", ...d.paramKeys.map((k) => "params." + k), ...d.attrKeys.map((k) => "user_attrs." + k)];
    }
    function matches(t) {
      if (!state.filter.has(t.state)) return false;
      for (const [key, r] of Object.entries(state.ranges)) {
        if (r.min === null && r.max === null) continue;
        const v = num(cell(t, key));
        if (v === null || isNaN(v)) return false;
        if (r.min !== null && v < r.min) return false;
        if (r.max !== null && v > r.max) return false;
      }
      for (const [key, excluded] of Object.entries(state.excluded)) {
        if (excluded.size === 0) continue;
        const v = cell(t, key);
        if (v === undefined || excluded.has(label(v))) return false;
      }
      return true;
    }
    function activeFilters() {
      return Object.values(state.ranges).filter((r) => r.min !== null || r.max !== null).length + Object.values(state.excluded).filter((s) => s.size > 0).length;
    }
    function rangeRow(key) {
      const r = state.ranges[key] || (state.ranges[key] = { min: null, max: null });
      const input = (bound) => {
        const i = el("input", { type: "number", step: "any", placeholder: bound, "data-key": key, "data-bound": bound, class: "range" });
        if (r[bound] !== null) i.value = String(r[bound]);
        i.addEventListener("input", () => { r[bound] = i.value === "" || isNaN(Number(i.value)) ? null : Number(i.value); state.page = 0; render(); });
        return i;
      };
      return [el("span", { class: "fkey" }, key), el("span", {}, input("min"), " – ", input("max"))];
    }
    function choiceRow(key, choices) {
      const ex = state.excluded[key] || (state.excluded[key] = new Set());
      return [el("span", { class: "fkey" }, key), el("span", { class: "choices" }, ...choices.map((c) => {
        const box = el("input", { type: "checkbox", "data-key": key, "data-choice": c });
        box.checked = !ex.has(c);
        box.addEventListener("change", () => { if (box.checked) ex.delete(c); else ex.add(c); state.page = 0; render(); });
        return el("label", {}, box, " " + c);
      }))];
    }
    function buildFilters(d) {
      const stateRow = el("div", { class: "frow" }, el("span", {}, "state:"), ...STATES.map((s) => {
        const box = el("input", { type: "checkbox", "data-state": s });
        box.checked = state.filter.has(s);
        box.addEventListener("change", () => { if (box.checked) state.filter.add(s); else state.filter.delete(s); state.page = 0; render(); });
        countOf[s] = el("span", {}, "");
        return el("label", { class: "state-" + s }, box, " " + s + " (", countOf[s], ")");
      }));
      const grid = el("div", { class: "fgrid" });
      for (const k of d.valueKeys) grid.append(...rangeRow(k));
      for (const k of d.paramKeys) grid.append(...(d.kinds[k].numeric ? rangeRow("params." + k) : choiceRow("params." + k, d.kinds[k].choices)));
      const clear = el("button", { onclick: () => { state.ranges = {}; state.excluded = {}; state.filter = new Set(STATES); sig = null; state.page = 0; render(); } }, "clear filters");
      const ranges = el("details", { class: "fpanel", id: "filters-panel", open: state.filtersOpen }, el("summary", {}, "Filter by value and parameters"), grid, clear);
      ranges.addEventListener("toggle", () => { state.filtersOpen = ranges.open; });
      const optional = columns(d).filter((c) => !["number", "state"].includes(c));
      const cols = el("details", { class: "fpanel", id: "columns-panel", open: state.columnsOpen }, el("summary", {}, "Columns"),
        el("div", { class: "choices" }, ...optional.map((c) => {
          const box = el("input", { type: "checkbox", "data-column": c });
          box.checked = !state.hidden.has(c);
          box.addEventListener("change", () => { if (box.checked) state.hidden.delete(c); else state.hidden.add(c); render(); });
          return el("label", {}, box, " " + c);
        })));
      cols.addEventListener("toggle", () => { state.columnsOpen = cols.open; });
      matchNote = el("span", { class: "muted", id: "match-note" });
      filters.replaceChildren(stateRow, el("div", { class: "frow" }, ranges, cols, matchNote));
    }

    function render() {
      const d = describe();
      const s = JSON.stringify([d.valueKeys, d.paramKeys.map((k) => [k, d.kinds[k]]), d.attrKeys]);
      if (s !== sig) { sig = s; buildFilters(d); }
      const counts = { COMPLETE: 0, PRUNED: 0, FAIL: 0, RUNNING: 0, WAITING: 0 };
      for (const t of d.all) counts[t.state]++;
      for (const st of STATES) if (countOf[st]) countOf[st].textContent = String(counts[st]);
      const cols = columns(d).filter((c) => !state.hidden.has(c));
      const rows = d.all.filter(matches);
      const k = cols.includes(state.sortKey) ? state.sortKey : "number";
      rows.sort((a, b) => {
        const x = cell(a, k), y = cell(b, k);
        if (x === y) return a.number - b.number;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return state.asc ? c : -c;
      });
      const n = activeFilters();
      matchNote.textContent = rows.length + " of " + d.all.length + " trials match" + (n ? " (" + n + " range/choice filter" + (n === 1 ? "" : "s") + ")" : "");
      const pageSize = 100;
      const pages = Math.max(1, Math.ceil(rows.length / pageSize));
      state.page = Math.min(state.page, pages - 1);
      const shown = rows.slice(state.page * pageSize, (state.page + 1) * pageSize);
      const b = bestOf(state);
      const head = el("tr", {}, ...cols.map((c) => el("th", {
        class: c === k ? "sorted" + (state.asc ? " asc" : "") : "",
        onclick: () => { if (state.sortKey === c) state.asc = !state.asc; else { state.sortKey = c; state.asc = true; } render(); },
      }, c)));
      const body = shown.map((t) => el("tr", {
        class: "trow" + (b && b.number === t.number ? " best" : "") + (state.detail === t.number ? " selected" : ""),
        "data-number": String(t.number),
        onclick: (ev) => { if (!(ev.target instanceof HTMLAnchorElement)) location.hash = trialHref(state.name, t.number); },
      }, ...cols.map((c) => {
        const v = cell(t, c);
        if (c === "number") return el("td", { class: "num" }, el("a", { href: trialHref(state.name, t.number), title: "permalink of trial " + t.number }, String(t.number)));
        if (c === "state") return el("td", { class: "state-" + t.state }, t.state);
        if (c === "duration") return el("td", { class: "num" }, fmtDur(v));
        if (c === "datetime_start") return el("td", {}, fmtTime(v));
        return el("td", { class: typeof v === "number" ? "num" : "" }, fmt(v));
      })));
      tablewrap.replaceChildren(el("table", { id: "trials" }, el("thead", {}, head), el("tbody", {}, ...body)));
      pager.replaceChildren(
        el("button", { onclick: () => { state.page = Math.max(0, state.page - 1); render(); } }, "‹ prev"),
        el("span", {}, "page " + (state.page + 1) + " / " + pages + " · " + rows.length + " trials shown"),
        el("button", { onclick: () => { state.page = Math.min(pages - 1, state.page + 1); render(); } }, "next ›"));
      document.body.dataset.trials = String(state.trials.size);
      document.body.dataset.rows = String(rows.length);
    }
    return { render };
  }
`;
