/**
 * The live terminal dashboard: redraws in place (alternate screen, no clear → no flicker),
 * follows resizes, q or Ctrl-C quits and restores the terminal.
 * @module
 */
import { getAllStudySummaries, loadStudy } from "../../study/create.js";
import type { Study } from "../../study/study.js";
import { renderDashboard, renderStudyList } from "./render.js";

/** Options of the terminal dashboard. */
export interface TerminalDashboardOptions {
  storage: string;
  studyName?: string;
  /** Refresh period in ms. */
  intervalMs?: number;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

const ESC = "\x1b[";

/** Runs until the user quits; resolves then. */
export async function runTerminalDashboard(options: TerminalDashboardOptions): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interval = options.intervalMs ?? 1000;
  const size = () => ({ w: output.columns ?? 80, h: output.rows ?? 24 });
  let study: Study | undefined;
  let studies = await getAllStudySummaries(options.storage);
  let selected = 0;
  if (options.studyName !== undefined) study = await loadStudy({ storage: options.storage, studyName: options.studyName });
  else if (studies.length === 1) study = await loadStudy({ storage: options.storage, studyName: (studies[0] as { studyName: string }).studyName });

  let last: string[] = [];
  const draw = (lines: string[], force = false) => {
    let buf = "";
    for (let i = 0; i < lines.length; i++) {
      if (!force && last[i] === lines[i]) continue;
      buf += `${ESC}${i + 1};1H${lines[i]}${ESC}K`;
    }
    if (force) buf = `${ESC}H${ESC}2J${buf}`;
    if (buf) output.write(buf);
    last = lines;
  };
  const frame = (force = false) => {
    const { w, h } = size();
    if (study) draw(renderDashboard({ studyName: study.studyName, directions: study.directions, trials: study.trials, now: new Date() }, w, h), force);
    else draw(renderStudyList(studies, selected, w, h), force);
  };

  output.write(`${ESC}?1049h${ESC}?25l`);
  const wasRaw = input.isTTY ? input.isRaw : false;
  if (input.isTTY) input.setRawMode(true);
  input.resume();

  return new Promise<void>((resolve) => {
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        if (study) await study.refresh();
        else studies = await getAllStudySummaries(options.storage);
        frame();
      } catch {
        // a transient storage error (locked, being written): keep the last frame, retry next tick
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), interval);
    const onResize = () => frame(true);
    const quit = () => {
      clearInterval(timer);
      output.off("resize", onResize);
      input.off("data", onKey);
      if (input.isTTY) input.setRawMode(wasRaw);
      input.pause();
      output.write(`${ESC}?25h${ESC}?1049l`);
      resolve();
    };
    const choose = async (i: number) => {
      const s = studies[i];
      if (!s) return;
      study = await loadStudy({ storage: options.storage, studyName: s.studyName });
      frame(true);
    };
    const onKey = (data: Buffer) => {
      const k = data.toString();
      if (k === "q" || k === "Q" || k === "\u0003") return quit();
      if (study) return;
      if (k === "\x1b[A") selected = Math.max(0, selected - 1);
      else if (k === "\x1b[B") selected = Math.min(studies.length - 1, selected + 1);
      else if (k === "\r" || k === "\n") return void choose(selected);
      else if (/^[1-9]$/.test(k)) return void choose(Number(k) - 1);
      frame();
    };
    output.on("resize", onResize);
    input.on("data", onKey);
    frame(true);
  });
}
