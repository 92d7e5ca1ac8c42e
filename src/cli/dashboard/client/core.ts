/**
 * The page script's shared helpers (plain JavaScript, spliced into one IIFE by web-client.ts):
 * element building (text always through text nodes, never HTML), number and time formatting
 * (24-hour local time), JSON fetching, and the live indicator.
 * @module
 */
export const CORE_JS = String.raw`
  const app = document.getElementById("app");
  const crumb = document.getElementById("crumb");
  const live = document.getElementById("live");
  let timer = null;
  let view = null;
  const STATES = ["COMPLETE", "PRUNED", "FAIL", "RUNNING", "WAITING"];

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) {
      if (c === undefined || c === null) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function fmt(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }
  function num(v) { return typeof v === "number" ? v : typeof v === "string" && v !== "" && !isNaN(Number(v)) ? Number(v) : null; }
  function fmtDur(ms) {
    if (ms === null || ms === undefined) return "";
    if (ms < 1000) return ms + " ms";
    const s = ms / 1000;
    return s < 60 ? s.toFixed(1) + " s" : Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
  }
  function two(n) { return String(n).padStart(2, "0"); }
  /** Local time, 24-hour clock: 2026-01-31 17:05:09. */
  function fmtTime(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
  }
  async function getJSON(url) {
    const r = await fetch(url, { cache: "no-store", credentials: "same-origin" });
    const body = await r.json();
    if (!r.ok) throw new Error(body && body.error ? body.error : "HTTP " + r.status);
    return body;
  }
  function setLive(ok) {
    live.className = ok ? "live" : "live stale";
    live.textContent = ok ? "● live" : "● reconnecting";
  }
  function stop() { if (timer) clearInterval(timer); timer = null; }
  function studyHref(name) { return "#/study/" + encodeURIComponent(name); }
  function trialHref(name, n) { return studyHref(name) + "/trial/" + n; }
  function kvTable(rows, cls) {
    return el("table", { class: "kv" + (cls ? " " + cls : "") }, el("tbody", {}, ...rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v)))));
  }
`;
