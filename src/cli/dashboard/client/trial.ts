/**
 * The page script's trial detail view (route #/study/<name>/trial/<number>, a permalink): state,
 * values, duration and times, parameters with their distributions, intermediate values as a
 * small chart, constraints when present, user and system attributes.
 * @module
 */
export const TRIAL_JS = String.raw`
  /** The trial's constraints as [name, value]: a constraints field, or system attrs "constraints" (Optuna's list) and "constraints:<name>". */
  function constraintsOf(t) {
    const out = [];
    if (Array.isArray(t.constraints)) t.constraints.forEach((v, i) => out.push([String(i), v]));
    else if (t.constraints && typeof t.constraints === "object") for (const [k, v] of Object.entries(t.constraints)) out.push([k, v]);
    const sys = t.systemAttrs || {};
    if (out.length === 0 && Array.isArray(sys.constraints)) sys.constraints.forEach((v, i) => out.push([String(i), v]));
    for (const [k, v] of Object.entries(sys)) if (k.startsWith("constraints:") && !out.some(([n]) => n === k.slice(12))) out.push([k.slice(12), v]);
    return out;
  }
  function isConstraintKey(k) { return k === "constraints" || k.startsWith("constraints:"); }

  function renderDetail(state, box) {
    const n = state.detail;
    if (n === null) { box.hidden = true; box.replaceChildren(); document.body.dataset.detail = ""; return; }
    box.hidden = false;
    const t = state.trials.get(n);
    const close = el("a", { class: "close", href: studyHref(state.name), title: "close" }, "✕");
    if (!t) {
      box.replaceChildren(close, el("h3", {}, "Trial #" + n), el("p", { class: "muted" }, "This study has no trial #" + n + " (yet)."));
      document.body.dataset.detail = "missing";
      return;
    }
    const permalink = location.origin + location.pathname + trialHref(state.name, n);
    const valueRows = t.values ? t.values.map((v, i) => [state.directions.length === 1 ? "value" : "values[" + i + "]", fmt(num(v) ?? v) + "  (" + (state.directions[i] || "") + ")"]) : [["value", "—"]];
    const parts = [
      close,
      el("h3", {}, "Trial #" + n + " ", el("span", { class: "badge state-" + t.state }, t.state)),
      el("p", {}, el("a", { class: "permalink", href: permalink }, "permalink"), el("span", { class: "muted" }, "  " + permalink)),
      kvTable([
        ...valueRows,
        ["duration", fmtDur(t.duration) || (t.state === "RUNNING" ? "running" : "—")],
        ["started", fmtTime(t.datetimeStart) || "—"],
        ["completed", fmtTime(t.datetimeComplete) || "—"],
      ], "summary"),
      el("h4", {}, "Parameters"),
      Object.keys(t.params).length
        ? el("table", { class: "kv params" }, el("thead", {}, el("tr", {}, el("th", {}, "name"), el("th", {}, "value"), el("th", {}, "distribution"))),
            el("tbody", {}, ...Object.entries(t.params).map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", { class: "num" }, fmt(v)), el("td", { class: "muted" }, (t.distributions || {})[k] || "")))))
        : el("p", { class: "muted" }, "none"),
    ];
    const steps = Object.entries(t.intermediateValues || {}).map(([s, v]) => ({ step: Number(s), value: num(v) })).filter((p) => p.value !== null && isFinite(p.value)).sort((a, b) => a.step - b.step);
    parts.push(el("h4", {}, "Intermediate values (" + Object.keys(t.intermediateValues || {}).length + ")"));
    const chart = el("div", { class: "ivchart", id: "intermediate-chart" });
    if (steps.length) parts.push(chart); else parts.push(el("p", { class: "muted" }, "none reported"));
    const cons = constraintsOf(t);
    if (cons.length) {
      const feasible = cons.every(([, v]) => typeof v !== "number" || v <= 0);
      parts.push(el("h4", {}, "Constraints · ", el("span", { class: feasible ? "ok" : "bad" }, feasible ? "feasible" : "infeasible")),
        el("table", { class: "kv constraints" }, el("tbody", {}, ...cons.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", { class: "num" }, fmt(v)), el("td", { class: typeof v === "number" && v > 0 ? "bad" : "ok" }, typeof v === "number" && v > 0 ? "violated (> 0)" : "satisfied (≤ 0)"))))));
    }
    const attrs = (title, obj, skip) => {
      const entries = Object.entries(obj || {}).filter(([k]) => !skip || !skip(k));
      parts.push(el("h4", {}, title + " (" + entries.length + ")"), entries.length ? kvTable(entries.map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) : el("p", { class: "muted" }, "none"));
    };
    attrs("User attributes", t.userAttrs);
    attrs("System attributes", t.systemAttrs, isConstraintKey);
    box.replaceChildren(...parts);
    document.body.dataset.detail = String(n);
    if (steps.length) {
      const spec = {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        width: "container", height: 140, data: { values: steps },
        mark: { type: "line", point: true },
        encoding: { x: { field: "step", type: "quantitative", title: "step", axis: { tickMinStep: 1, format: "d" } }, y: { field: "value", type: "quantitative", title: "intermediate value", scale: { zero: false } }, tooltip: [{ field: "step" }, { field: "value", format: ".6~g" }] },
        config: { font: "DejaVu Sans, Helvetica, Arial, sans-serif", view: { stroke: "#ddd" } },
      };
      vegaEmbed(chart, spec, { renderer: "svg", actions: false }).catch((e) => chart.replaceChildren(el("div", { class: "error" }, String(e))));
    }
  }
`;
