/**
 * The web dashboard's page: HTML shell, CSS and the client script (plain JavaScript, no build
 * step, assembled from the parts in client/). Every user text is inserted as a text node, never
 * parsed as HTML.
 * @module
 */
import { CORE_JS } from "./client/core.js";
import { STUDY_JS } from "./client/study.js";
import { TABLE_JS } from "./client/table.js";
import { TRIAL_JS } from "./client/trial.js";

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
.plot.wide{grid-column:1/-1}
.plot .chart svg{max-width:100%;height:auto;display:block}
.picker{display:flex;gap:10px;flex-wrap:wrap;align-items:center;font-size:13px;margin:4px 0 8px}
.frow{display:flex;gap:14px;flex-wrap:wrap;align-items:flex-start;width:100%}
.fpanel{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:6px 10px}
.fpanel summary{cursor:pointer;color:#1f5f9f}
.fgrid{display:grid;grid-template-columns:max-content auto;gap:4px 10px;align-items:center;margin:8px 0}
.fkey{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
input.range{width:90px}
.choices{display:flex;gap:8px;flex-wrap:wrap;max-width:720px}
tr.trow{cursor:pointer}tr.trow:hover td{background:#eef4fb}tr.selected td{background:#dbe9f8}
.detail{position:relative;background:#fff;border:1px solid #c9d6e6;border-left:4px solid #1f5f9f;border-radius:6px;padding:10px 16px;margin:0 0 16px}
.detail .close{position:absolute;right:12px;top:8px;text-decoration:none;color:#555;font-size:18px}
.detail h3{margin:4px 0 8px}.detail h4{margin:14px 0 4px;font-size:13px;color:#444}
.detail .kv{width:auto;min-width:320px;max-width:100%}.detail .kv th{background:none;cursor:default;position:static;color:#555;font-weight:normal}
.detail .kv td{white-space:normal;overflow-wrap:anywhere}
.ivchart{max-width:640px}
.badge{font-size:12px;padding:1px 8px;border-radius:10px;background:#f0f2f5;vertical-align:middle}
.ok{color:#1a7f37}.bad{color:#c62828}
.permalink{font-size:13px}
`;

/** The page script. */
export const APP_JS = `"use strict";
(function () {
${CORE_JS}
${TABLE_JS}
${TRIAL_JS}
${STUDY_JS}
})();
`;
