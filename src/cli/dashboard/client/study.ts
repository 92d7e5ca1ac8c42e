/**
 * The page script's views: the study list, and a study's page (summary cards, plots with a
 * parameter picker, the trial table, the trial detail), polled for live updates; and the router.
 * @module
 */
export const STUDY_JS = String.raw`
  // ---- study list -------------------------------------------------------------------------
  async function showList() {
    stop();
    view = null;
    crumb.textContent = "studies";
    const tbody = el("tbody");
    const table = el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "study"), el("th", {}, "direction"), el("th", {}, "trials"), el("th", {}, "best value"), el("th", {}, "last update"))), tbody);
    app.replaceChildren(el("h2", {}, "Studies"), table);
    async function load() {
      try {
        const list = await getJSON("/api/studies");
        tbody.replaceChildren(...list.map((s) =>
          el("tr", {},
            el("td", {}, el("a", { class: "study", href: studyHref(s.name) }, s.name)),
            el("td", {}, s.directions.join(", ")),
            el("td", { class: "num" }, s.nTrials),
            el("td", { class: "num" }, fmt(s.bestValue)),
            el("td", {}, fmtTime(s.lastUpdate)))));
        if (list.length === 0) tbody.replaceChildren(el("tr", {}, el("td", { colspan: "5", class: "muted" }, "No study in this storage yet.")));
        setLive(true);
        document.body.dataset.ready = "1";
      } catch (e) { setLive(false); }
    }
    await load();
    timer = setInterval(load, 3000);
  }

  function bestOf(state) {
    const dir = state.directions;
    if (dir.length !== 1) return null;
    let b = null;
    for (const t of state.trials.values()) {
      if (t.state !== "COMPLETE" || !t.values) continue;
      const v = num(t.values[0]);
      if (v === null || isNaN(v)) continue;
      if (b === null || (dir[0] === "minimize" ? v < num(b.values[0]) : v > num(b.values[0]))) b = t;
    }
    return b;
  }

  // ---- one study --------------------------------------------------------------------------
  async function showStudy(name, detail) {
    stop();
    crumb.textContent = "study: " + name;
    const state = {
      name, trials: new Map(), directions: ["minimize"], sortKey: "number", asc: false, page: 0,
      filter: new Set(STATES), ranges: {}, excluded: {}, hidden: new Set(), filtersOpen: false, columnsOpen: false,
      plotsKey: null, plotsAt: 0, plotSeq: 0, params: null, chosen: null, detail, detailJson: null,
    };
    view = state;
    const cards = el("div", { class: "cards" });
    const detailBox = el("aside", { class: "detail", id: "detail", hidden: true });
    const picker = el("div", { class: "picker", id: "param-picker" });
    const plots = el("div", { class: "plots" });
    const notes = el("ul", { class: "muted" });
    const filters = el("div", { class: "filters" });
    const tablewrap = el("div", { class: "tablewrap" });
    const pager = el("div", { class: "pager" });
    app.replaceChildren(el("h2", {}, name), cards, detailBox, el("h3", {}, "Plots"), picker, plots, notes, el("h3", {}, "Trials"), filters, tablewrap, pager);
    const table = makeTable(state, { filters, tablewrap, pager });
    state.showDetail = (n) => { state.detail = n; state.detailJson = null; renderDetailIfChanged(); table.render(); if (n !== null) detailBox.scrollIntoView({ block: "nearest" }); };

    function renderDetailIfChanged() {
      const t = state.detail === null ? null : state.trials.get(state.detail);
      const j = state.detail + ":" + (t ? JSON.stringify(t) : "none");
      if (j === state.detailJson) return;
      state.detailJson = j;
      renderDetail(state, detailBox);
    }
    function renderCards() {
      const counts = { COMPLETE: 0, PRUNED: 0, FAIL: 0, RUNNING: 0, WAITING: 0 };
      for (const t of state.trials.values()) counts[t.state]++;
      const b = bestOf(state);
      const card = (k, v, wide) => el("div", { class: "card" + (wide ? " wide" : "") }, el("div", { class: "k" }, k), el("div", { class: "v" }, v));
      const multi = state.directions.length > 1;
      cards.replaceChildren(
        card("direction", state.directions.join(", ")),
        card("trials", String(state.trials.size)),
        card("complete / pruned / fail", counts.COMPLETE + " / " + counts.PRUNED + " / " + counts.FAIL),
        card("running / waiting", counts.RUNNING + " / " + counts.WAITING),
        multi ? card("best values", "see the Pareto front plot") : card("best value", b ? el("a", { href: trialHref(name, b.number) }, fmt(num(b.values[0])) + "  (trial #" + b.number + ")") : "—"),
        card("best params", b ? Object.entries(b.params).map(([k, v]) => k + " = " + fmt(v)).join(", ") : "—", true));
    }
    function buildPicker() {
      const all = state.params || [];
      const chosen = state.chosen || new Set(all);
      const boxes = all.map((p) => {
        const box = el("input", { type: "checkbox", "data-param": p });
        box.checked = chosen.has(p);
        box.addEventListener("change", () => {
          const now = state.chosen || new Set(all);
          if (box.checked) now.add(p); else now.delete(p);
          state.chosen = now.size === all.length ? null : now;
          renderPlots(true);
        });
        return el("label", {}, box, " " + p);
      });
      const set = (v) => () => { state.chosen = v ? null : new Set(); buildPicker(); renderPlots(true); };
      picker.replaceChildren(el("span", { class: "muted" }, "Parameters in slice, contour, parallel coordinates and rank:"), ...boxes,
        el("button", { onclick: set(true) }, "all"), el("button", { onclick: set(false) }, "none"));
    }
    async function renderPlots(force) {
      const now = Date.now();
      if (!force && now - state.plotsAt < 5000) return;
      state.plotsAt = now;
      const seq = ++state.plotSeq;
      const chosen = state.chosen ? (state.params || []).filter((p) => state.chosen.has(p)) : null;
      const q = chosen ? "?params=" + encodeURIComponent(JSON.stringify(chosen)) : "";
      const url = "/api/studies/" + encodeURIComponent(name) + "/plots" + q;
      const r = await fetch(url, { cache: "no-store", credentials: "same-origin", headers: state.plotsEtag && state.plotsEtagUrl === url ? { "if-none-match": state.plotsEtag } : {} });
      if (seq !== state.plotSeq || view !== state || r.status === 304) return;
      const res = await r.json();
      if (!r.ok) throw new Error(res && res.error ? res.error : "HTTP " + r.status);
      state.plotsEtag = r.headers.get("etag");
      state.plotsEtagUrl = url;
      if (JSON.stringify(res.params) !== JSON.stringify(state.params)) { state.params = res.params; buildPicker(); }
      const key = res.version + "|" + q;
      if (key === state.plotsKey) return;
      state.plotsKey = key;
      const boxes = res.plots.map((p) => el("div", { class: "plot", "data-title": p.title }, el("h3", {}, p.title || ""), el("div", { class: "chart" })));
      plots.replaceChildren(...boxes);
      notes.replaceChildren(...res.notes.map((n) => el("li", {}, n)));
      // a plot much wider than its card (a parameter matrix) gets the whole row; any plot is then
      // scaled down to fit its card (CSS: svg max-width 100%), never cut off
      const widen = (box) => {
        const svg = box.querySelector("svg");
        if (svg && Number(svg.getAttribute("width")) > box.clientWidth * 1.25) box.classList.add("wide");
      };
      await Promise.all(res.plots.map((p, i) => vegaEmbed(boxes[i].lastChild, p.spec, { renderer: "svg", actions: false }).then(() => widen(boxes[i])).catch((e) => {
        boxes[i].lastChild.replaceChildren(el("div", { class: "error" }, String(e)));
      })));
      if (seq === state.plotSeq) { document.body.dataset.plots = String(res.plots.length); document.body.dataset.plotSeq = String(seq); }
    }
    async function poll(first) {
      if (view !== state) return;
      try {
        const open = [...state.trials.values()].filter((t) => t.state === "RUNNING" || t.state === "WAITING").map((t) => t.number).slice(0, 400);
        let changed = first;
        // a big study arrives in steps of 2000 trials; later polls bring what is new or changed
        for (let step = 0; step < 100; step++) {
          const url = "/api/studies/" + encodeURIComponent(name) + "/trials?after=" + state.trials.size + (open.length && step === 0 ? "&open=" + open.join(",") : "");
          const res = await getJSON(url);
          if (view !== state) return;
          state.directions = res.directions;
          const before = state.trials.size;
          for (const t of res.trials) {
            const old = state.trials.get(t.number);
            if (!old || old.state !== t.state || JSON.stringify(old) !== JSON.stringify(t)) { state.trials.set(t.number, t); changed = true; }
          }
          if (state.trials.size >= res.nTrials || state.trials.size === before) break;
          if (first) document.body.dataset.loading = state.trials.size + "/" + res.nTrials;
        }
        if (changed) { renderCards(); table.render(); renderDetailIfChanged(); }
        setLive(true);
        if (first) document.body.dataset.ready = "1";
        await renderPlots(first);
      } catch (e) {
        setLive(false);
        if (first) app.replaceChildren(el("p", { class: "error" }, String(e.message || e)), el("a", { href: "#/" }, "back to the studies"));
      }
    }
    await poll(true);
    timer = setInterval(() => poll(false), 2000);
  }

  // ---- router: #/ · #/study/<name> · #/study/<name>/trial/<number> -----------------------
  function route() {
    const m = /^#\/study\/([^/]+)(?:\/trial\/(\d+))?$/.exec(location.hash);
    if (!m) { document.body.dataset.ready = ""; return void showList(); }
    let name;
    try { name = decodeURIComponent(m[1]); } catch (e) { name = m[1]; }
    const detail = m[2] === undefined ? null : Number(m[2]);
    if (view && view.name === name && view.showDetail) return view.showDetail(detail);
    document.body.dataset.ready = "";
    showStudy(name, detail);
  }
  window.addEventListener("hashchange", route);
  route();
`;
