/**
 * toHTML: one self-contained page holding several plots and an optional summary table, with
 * vega, vega-lite and vega-embed inlined from node_modules so it works offline. Every spec is
 * JSON with `<` escaped, every script has `</script` escaped, and every user text goes through
 * HTML escaping. After all plots are embedded the page sets `document.body.dataset.ready = "1"`.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { checkOptionKeys } from "../../core/option-keys.js";
import type { PlotSpec } from "../spec.js";

/** A plot on the page. */
export interface HTMLPlot {
  /** The plot's name in the page's index of links (plain text); the chart draws its own title. */
  readonly title?: string;
  readonly spec: PlotSpec;
}

/** Options of {@link toHTML}. */
export interface HTMLOptions {
  /** Page title (plain text). */
  readonly title?: string;
  /** Rows of a summary table shown above the plots: [label, value] as plain text. */
  readonly summary?: readonly (readonly [string, string])[];
  /** Notes shown under the summary (plain text), e.g. plots that were left out and why. */
  readonly notes?: readonly string[];
}

/** HTML-escapes text. @internal */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element. @internal */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

let bundles: string | undefined;

/**
 * The files of the vega, vega-lite and vega-embed browser bundles in node_modules. The packages'
 * `exports` hide build/*.min.js: resolve the entry point (in build/) and take its folder.
 * @internal
 */
export function libraryFiles(): { vega: string; vegaLite: string; vegaEmbed: string } {
  const require = createRequire(import.meta.url);
  const file = (pkg: string, name: string): string => join(dirname(require.resolve(pkg)), name);
  return { vega: file("vega", "vega.min.js"), vegaLite: file("vega-lite", "vega-lite.min.js"), vegaEmbed: file("vega-embed", "vega-embed.min.js") };
}

/** vega, vega-lite and vega-embed as inline <script> elements (read once). */
function inlineLibraries(): string {
  if (bundles !== undefined) return bundles;
  const js = (f: string): string =>
    readFileSync(f, "utf8")
      .replace(/\/\/# sourceMappingURL=\S+\s*$/, "")
      .replace(/<\/script/gi, "<\\/script");
  const f = libraryFiles();
  bundles = [f.vega, f.vegaLite, f.vegaEmbed].map((file) => `<script>${js(file)}</script>`).join("\n");
  return bundles;
}

const STYLE = `
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:24px auto;max-width:1280px;padding:0 16px;color:#222;background:#fafafa}
h1{font-size:22px;margin:0 0 12px}
h2{font-size:16px;margin:0 0 8px;color:#333}
table.summary{border-collapse:collapse;margin:0 0 16px;background:#fff}
table.summary td{border:1px solid #ddd;padding:4px 10px;font-size:13px;vertical-align:top}
table.summary td:first-child{color:#555;white-space:nowrap}
.notes{font-size:12px;color:#666;margin:0 0 16px}
section.plot{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px;margin:0 0 18px;overflow-x:auto}
.error{color:#b00020;font-family:monospace;white-space:pre-wrap}
nav{font-size:13px;margin:0 0 16px;line-height:1.8}
nav a{color:#1f5f9f;text-decoration:none}
nav a:hover{text-decoration:underline}
`;

/** One offline HTML page with every plot. */
export function toHTML(plots: readonly (PlotSpec | HTMLPlot)[], options: HTMLOptions = {}): string {
  checkOptionKeys("toHTML", options, ["title", "summary", "notes"]);
  const pageTitle = options.title ?? "parzen report";
  const items = plots.map((p) => (typeof p === "object" && p !== null && "spec" in p ? (p as HTMLPlot) : { spec: p as PlotSpec }));
  const summary = options.summary?.length
    ? `<table class="summary">${options.summary.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`
    : "";
  const notes = options.notes?.length ? `<ul class="notes">${options.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : "";
  const sections = items
    .map((p, i) => `<section class="plot" id="section-${i}"${p.title ? ` aria-label="${escapeHtml(p.title)}"` : ""}><div id="plot-${i}" class="vega"></div></section>`)
    .join("\n");
  const named = items.map((p, i) => [p.title, i] as const).filter(([t]) => t);
  const index = named.length > 1 ? `<nav>${named.map(([t, i]) => `<a href="#section-${i}">${escapeHtml(t as string)}</a>`).join(" · ")}</nav>` : "";
  const boot = `
(function(){
  var specs = ${scriptJson(items.map((p) => p.spec))};
  var jobs = specs.map(function(spec, i){
    var el = document.getElementById("plot-" + i);
    return vegaEmbed(el, spec, {renderer: "svg", actions: false}).catch(function(e){
      el.className = "error"; el.textContent = "This plot could not be drawn: " + e; throw e;
    });
  });
  Promise.allSettled(jobs).then(function(){ document.body.dataset.ready = "1"; });
})();`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(pageTitle)}</title><style>${STYLE}</style>
${inlineLibraries()}
</head><body>
<h1>${escapeHtml(pageTitle)}</h1>
${summary}${notes}${index}
${sections}
<script>${boot}</script>
</body></html>
`;
}
