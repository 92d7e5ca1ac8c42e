/**
 * The web dashboard's page: HTML shell, CSS and the client script (plain JavaScript, no build
 * step). Every user text is inserted with textContent.
 * @module
 */

export const APP_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>parzen dashboard</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><header><a href="#/" class="brand">parzen</a><span id="crumb"></span><span id="live" class="live">● live</span></header>
<main id="app"><p class="muted">Loading…</p></main>
<script src="/assets/vega.js"></script><script src="/assets/vega-lite.js"></script><script src="/assets/vega-embed.js"></script>
<script src="/assets/app.js"></script></body></html>`;

export const APP_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#222;background:#f6f7f9}
header{display:flex;gap:12px;align-items:center;padding:10px 20px;background:#1f3a5f;color:#fff}
header a{color:#fff;text-decoration:none}
.brand{font-weight:bold;font-size:18px}
#crumb{flex:1;opacity:.9;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.live{font-size:12px;color:#9fe3a0}.live.stale{color:#f3b37a}
main{padding:16px 20px;max-width:1400px;margin:0 auto}
.muted{color:#777}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}
.card{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:10px 14px;min-width:160px}
.card .k{font-size:12px;color:#666}.card .v{font-size:18px;margin-top:4px;overflow-wrap:anywhere}
.card.wide{flex:1;min-width:300px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border-bottom:1px solid #eceef1;padding:5px 8px;text-align:left;white-space:nowrap}
th{background:#f0f2f5;cursor:pointer;user-select:none;position:sticky;top:0}
th.sorted::after{content:" ▾"}th.sorted.asc::after{content:" ▴"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.best td{background:#fff8dc}
.state-COMPLETE{color:#1a7f37}.state-PRUNED{color:#b36b00}.state-FAIL{color:#c62828}.state-RUNNING{color:#1565c0}.state-WAITING{color:#777}
.filters{margin:12px 0;display:flex;gap:14px;flex-wrap:wrap;font-size:13px;align-items:center}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:14px;margin:8px 0 18px}
.plot{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:8px;overflow:auto}
.plot h3{font-size:13px;margin:0 0 6px;color:#444}
.tablewrap{max-height:520px;overflow:auto;border:1px solid #e1e4e8;border-radius:6px}
.pager{margin:8px 0;font-size:13px;display:flex;gap:8px;align-items:center}
button{font:inherit;padding:2px 10px}
.error{color:#c62828}
a.study{color:#1f5f9f}
`;

export const APP_JS = String.raw`"use strict";
(function () {
  const app = document.getElementById("app");
  const crumb = document.getElementById("crumb");
  const live = document.getElementById("live");
  let timer = null;
  let view = null;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    return e;
  }
  function fmt(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }
  function fmtDur(ms) {
    if (ms === null || ms === undefined) return "";
    if (ms < 1000) return ms + " ms";
    const s = ms / 1000;
    return s < 60 ? s.toFixed(1) + " s" : Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
  }
  async function getJSON(url) {
    const r = await fetch(url, { cache: "no-store" });
    const body = await r.json();
    if (!r.ok) throw new Error(body && body.error ? body.error : "HTTP " + r.status);
    return body;
  }
  function setLive(ok) {
    live.className = ok ? "live" : "live stale";
    live.textContent = ok ? "● live" : "● reconnecting";
  }
  function stop() { if (timer) clearInterval(timer); timer = null; }

  // ---- study list -------------------------------------------------------------------------
  async function showList() {
    stop();
    crumb.textContent = "studies";
    const tbody = el("tbody");
    const table = el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "study"), el("th", {}, "direction"), el("th", {}, "trials"), el("th", {}, "best value"), el("th", {}, "last update"))), tbody);
    app.replaceChildren(el("h2", {}, "Studies"), table);
    async function load() {
      try {
        const list = await getJSON("/api/studies");
        tbody.replaceChildren(...list.map((s) =>
          el("tr", {},
            el("td", {}, el("a", { class: "study", href: "#/study/" + encodeURIComponent(s.name) }, s.name)),
            el("td", {}, s.directions.join(", ")),
            el("td", { class: "num" }, s.nTrials),
            el("td", { class: "num" }, fmt(s.bestValue)),
            el("td", {}, s.lastUpdate ? s.lastUpdate.replace("T", " ").slice(0, 19) : ""))));
        if (list.length === 0) tbody.replaceChildren(el("tr", {}, el("td", { colspan: "5", class: "muted" }, "No study in this storage yet.")));
        setLive(true);
        document.body.dataset.ready = "1";
      } catch (e) { setLive(false); }
    }
    await load();
    timer = setInterval(load, 3000);
  }

  // ---- one study --------------------------------------------------------------------------
  async function showStudy(name) {
    stop();
    crumb.textContent = "study: " + name;
    const state = { name, trials: new Map(), directions: ["minimize"], sortKey: "number", asc: false, page: 0, filter: new Set(["COMPLETE", "PRUNED", "FAIL", "RUNNING", "WAITING"]), plotsVersion: null, plotsAt: 0 };
    view = state;
    const cards = el("div", { class: "cards" });
    const plots = el("div", { class: "plots" });
    const notes = el("ul", { class: "muted" });
    const filters = el("div", { class: "filters" });
    const tablewrap = el("div", { class: "tablewrap" });
    const pager = el("div", { class: "pager" });
    app.replaceChildren(el("h2", {}, name), cards, el("h3", {}, "Plots"), plots, notes, el("h3", {}, "Trials"), filters, tablewrap, pager);

    function best() {
      const dir = state.directions;
      if (dir.length !== 1) return null;
      let b = null;
      for (const t of state.trials.values()) {
        if (t.state !== "COMPLETE" || !t.values) continue;
        const v = Number(t.values[0]);
        if (b === null || (dir[0] === "minimize" ? v < Number(b.values[0]) : v > Number(b.values[0]))) b = t;
      }
      return b;
    }
    function renderCards() {
      const counts = { COMPLETE: 0, PRUNED: 0, FAIL: 0, RUNNING: 0, WAITING: 0 };
      for (const t of state.trials.values()) counts[t.state]++;
      const b = best();
      const card = (k, v, wide) => el("div", { class: "card" + (wide ? " wide" : "") }, el("div", { class: "k" }, k), el("div", { class: "v" }, v));
      cards.replaceChildren(
        card("direction", state.directions.join(", ")),
        card("trials", String(state.trials.size)),
        card("complete / pruned / fail", counts.COMPLETE + " / " + counts.PRUNED + " / " + counts.FAIL),
        card("running / waiting", counts.RUNNING + " / " + counts.WAITING),
        card("best value", b ? fmt(Number(b.values[0])) + "  (trial #" + b.number + ")" : "—"),
        card("best params", b ? Object.entries(b.params).map(([k, v]) => k + " = " + fmt(v)).join(", ") : "—", true));
      filters.replaceChildren(el("span", {}, "show:"), ...Object.keys(counts).map((s) => {
        const box = el("input", { type: "checkbox" });
        box.checked = state.filter.has(s);
        box.addEventListener("change", () => { if (box.checked) state.filter.add(s); else state.filter.delete(s); state.page = 0; renderTable(); });
        return el("label", { class: "state-" + s }, box, " " + s + " (" + counts[s] + ")");
      }));
    }
    function cell(t, key) {
      if (key === "number") return t.number;
      if (key === "state") return t.state;
      if (key === "duration") return t.duration;
      if (key.startsWith("value")) { const i = key === "value" ? 0 : Number(key.slice(6)); return t.values ? Number(t.values[i]) : null; }
      if (key.startsWith("params.")) return t.params[key.slice(7)];
      if (key.startsWith("user_attrs.")) return t.userAttrs[key.slice(11)];
      return null;
    }
    function renderTable() {
      const all = [...state.trials.values()];
      const paramKeys = [...new Set(all.flatMap((t) => Object.keys(t.params)))].sort();
      const attrKeys = [...new Set(all.flatMap((t) => Object.keys(t.userAttrs)))].sort();
      const valueKeys = state.directions.length === 1 ? ["value"] : state.directions.map((_, i) => "values_" + i);
      const cols = ["number", "state", ...valueKeys, "duration", ...paramKeys.map((k) => "params." + k), ...attrKeys.map((k) => "user_attrs." + k)];
      const rows = all.filter((t) => state.filter.has(t.state));
      const k = state.sortKey;
      rows.sort((a, b) => {
        const x = cell(a, k), y = cell(b, k);
        if (x === y) return a.number - b.number;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return state.asc ? c : -c;
      });
      const pageSize = 100;
      const pages = Math.max(1, Math.ceil(rows.length / pageSize));
      state.page = Math.min(state.page, pages - 1);
      const shown = rows.slice(state.page * pageSize, (state.page + 1) * pageSize);
      const b = best();
      const head = el("tr", {}, ...cols.map((c) => el("th", {
        class: c === k ? "sorted" + (state.asc ? " asc" : "") : "",
        onclick: () => { if (state.sortKey === c) state.asc = !state.asc; else { state.sortKey = c; state.asc = true; } renderTable(); },
      }, c)));
      const body = shown.map((t) => el("tr", { class: b && b.number === t.number ? "best" : "", "data-number": String(t.number) }, ...cols.map((c) => {
        const v = cell(t, c);
        if (c === "state") return el("td", { class: "state-" + t.state }, t.state);
        if (c === "duration") return el("td", { class: "num" }, fmtDur(v));
        return el("td", { class: typeof v === "number" ? "num" : "" }, fmt(v));
      })));
      tablewrap.replaceChildren(el("table", { id: "trials" }, el("thead", {}, head), el("tbody", {}, ...body)));
      pager.replaceChildren(
        el("button", { onclick: () => { state.page = Math.max(0, state.page - 1); renderTable(); } }, "‹ prev"),
        el("span", {}, "page " + (state.page + 1) + " / " + pages + " · " + rows.length + " trials shown"),
        el("button", { onclick: () => { state.page = Math.min(pages - 1, state.page + 1); renderTable(); } }, "next ›"));
      document.body.dataset.trials = String(state.trials.size);
    }
    async function renderPlots(force) {
      const now = Date.now();
      if (!force && now - state.plotsAt < 5000) return;
      state.plotsAt = now;
      const res = await getJSON("/api/studies/" + encodeURIComponent(name) + "/plots");
      if (res.version === state.plotsVersion) return;
      state.plotsVersion = res.version;
      const boxes = res.plots.map((p) => el("div", { class: "plot" }, el("h3", {}, p.title || ""), el("div", { class: "chart" })));
      plots.replaceChildren(...boxes);
      notes.replaceChildren(...res.notes.map((n) => el("li", {}, n)));
      await Promise.all(res.plots.map((p, i) => vegaEmbed(boxes[i].lastChild, p.spec, { renderer: "svg", actions: false }).catch((e) => {
        boxes[i].lastChild.replaceChildren(el("div", { class: "error" }, String(e)));
      })));
      document.body.dataset.plots = String(res.plots.length);
    }
    async function poll(first) {
      if (view !== state) return;
      try {
        const open = [...state.trials.values()].filter((t) => t.state === "RUNNING" || t.state === "WAITING").map((t) => t.number).slice(0, 400);
        const url = "/api/studies/" + encodeURIComponent(name) + "/trials?after=" + state.trials.size + (open.length ? "&open=" + open.join(",") : "");
        const res = await getJSON(url);
        state.directions = res.directions;
        let changed = first;
        for (const t of res.trials) {
          const old = state.trials.get(t.number);
          if (!old || old.state !== t.state || JSON.stringify(old) !== JSON.stringify(t)) { state.trials.set(t.number, t); changed = true; }
        }
        if (changed) { renderCards(); renderTable(); }
        await renderPlots(first);
        setLive(true);
        if (first) document.body.dataset.ready = "1";
      } catch (e) {
        setLive(false);
        if (first) app.replaceChildren(el("p", { class: "error" }, String(e.message || e)), el("a", { href: "#/" }, "back to the studies"));
      }
    }
    await poll(true);
    timer = setInterval(() => poll(false), 2000);
  }

  function route() {
    document.body.dataset.ready = "";
    const m = /^#\/study\/(.+)$/.exec(location.hash);
    if (m) showStudy(decodeURIComponent(m[1])); else showList();
  }
  window.addEventListener("hashchange", route);
  route();
})();
`;
