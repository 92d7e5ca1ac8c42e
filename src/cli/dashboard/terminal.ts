/**
 * The live terminal dashboard: redraws in place (alternate screen, no clear → no flicker),
 * follows resizes, scrolls the trial list (↑/↓, PgUp/PgDn, Home/End, j/k), q or Ctrl-C quits and
 * restores the terminal. Colours only on a TTY and without NO_COLOR (https://no-color.org).
 * @module
 */
import { getAllStudySummaries, loadStudy } from "../../study/create.js";
import type { Study } from "../../study/study.js";
import { renderDashboard, renderStudyList, trialListRows } from "./render.js";

/** Options of the terminal dashboard. */
export interface TerminalDashboardOptions {
  storage: string;
  studyName?: string;
  /** Refresh period in ms. */
  intervalMs?: number;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  /** Environment read for NO_COLOR (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Whether to draw colours: a TTY, and NO_COLOR unset or empty. */
export function useColor(output: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return output.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

const ESC = "\x1b[";

/** Runs until the user quits; resolves then. */
export async function runTerminalDashboard(options: TerminalDashboardOptions): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interval = options.intervalMs ?? 1000;
  const size = () => ({ w: output.columns ?? 80, h: output.rows ?? 24 });
  const color = useColor(output, options.env ?? process.env);
  let scroll = 0;
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
    if (study) {
      scroll = Math.min(scroll, Math.max(0, study.trials.length - trialListRows(h)));
      draw(renderDashboard({ studyName: study.studyName, directions: study.directions, trials: study.trials, now: new Date() }, w, h, { color, scroll }), force);
    } else draw(renderStudyList(studies, selected, w, h, { color }), force);
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
      // keys typed or repeated quickly arrive in one chunk: handle each sequence in turn
      for (const k of splitKeys(data.toString())) {
        if (k === "q" || k === "Q" || k === "\u0003") return quit();
        if (study) {
          const d = scrollStep(k, Math.max(1, trialListRows(size().h) - 1));
          if (d !== undefined) scroll = d === -Infinity ? 0 : d === Infinity ? study.trials.length : Math.max(0, scroll + d);
          continue;
        }
        if (k === "\x1b[A" || k === "\x1bOA") selected = Math.max(0, selected - 1);
        else if (k === "\x1b[B" || k === "\x1bOB") selected = Math.min(studies.length - 1, selected + 1);
        else if (k === "\r" || k === "\n") return void choose(selected);
        else if (/^[1-9]$/.test(k)) return void choose(Number(k) - 1);
      }
      frame();
    };
    output.on("resize", onResize);
    input.on("data", onKey);
    frame(true);
  });
}

/** A chunk of terminal input as key sequences (CSI and SS3 escapes kept whole). */
export function splitKeys(chunk: string): string[] {
  return chunk.match(/\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z]|\x1b|[\s\S]/g) ?? [];
}

/** How far a key scrolls the trial list (±Infinity: to the newest / oldest); undefined: not a scroll key. */
export function scrollStep(key: string, page: number): number | undefined {
  const steps = new Map<string, number>([
    ["\x1b[A", -1], ["\x1bOA", -1], ["k", -1], ["\x1b[B", 1], ["\x1bOB", 1], ["j", 1],
    ["\x1b[5~", -page], ["\x1b[6~", page], [" ", page],
    ["\x1b[H", -Infinity], ["\x1b[1~", -Infinity], ["\x1bOH", -Infinity], ["g", -Infinity],
    ["\x1b[F", Infinity], ["\x1b[4~", Infinity], ["\x1bOF", Infinity], ["G", Infinity],
  ]);
  return steps.get(key);
}
