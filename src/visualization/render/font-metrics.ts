/**
 * Text widths for headless rendering. Without a canvas, vega estimates a text's width as
 * 0.8 × font size per character, about a third too wide for DejaVu Sans: layouts get wide blank
 * margins and labels are cut ("Objective Val…") long before they reach their limit. This module
 * reads the advance widths of DejaVu Sans (regular and bold) from the font files resvg draws with
 * (the TrueType `cmap` format-4 and `hmtx` tables) and gives vega exact widths instead.
 * @module
 * @internal
 */
import { existsSync, readFileSync } from "node:fs";

/** Where DejaVu Sans is looked for (Debian/Ubuntu, Arch, Fedora). @internal */
export const FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"];
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"];

/** The DejaVu Sans files found on this system (regular, bold, oblique), or []. @internal */
export function findDejaVu(): string[] {
  for (const dir of FONT_DIRS) {
    const files = FONT_FILES.map((f) => `${dir}/${f}`).filter((f) => existsSync(f));
    if (files.length > 0) return files;
  }
  return [];
}

/** Advance widths of one font, in em, by code point. @internal */
export class FontWidths {
  private readonly cache = new Map<number, number>();
  private readonly view: DataView;
  private readonly unitsPerEm: number;
  private readonly nMetrics: number;
  private readonly hmtx: number;
  private readonly cmap4: number;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const v = this.view;
    const tables = new Map<string, number>();
    const n = v.getUint16(4);
    for (let i = 0; i < n; i++) {
      const rec = 12 + 16 * i;
      const tag = String.fromCharCode(v.getUint8(rec), v.getUint8(rec + 1), v.getUint8(rec + 2), v.getUint8(rec + 3));
      tables.set(tag, v.getUint32(rec + 8));
    }
    const need = (tag: string): number => {
      const o = tables.get(tag);
      if (o === undefined) throw new Error(`font has no ${tag} table`);
      return o;
    };
    this.unitsPerEm = v.getUint16(need("head") + 18);
    this.nMetrics = v.getUint16(need("hhea") + 34);
    this.hmtx = need("hmtx");
    const cmap = need("cmap");
    let sub = -1;
    for (let i = 0; i < v.getUint16(cmap + 2); i++) {
      const rec = cmap + 4 + 8 * i;
      const platform = v.getUint16(rec);
      const encoding = v.getUint16(rec + 2);
      const off = cmap + v.getUint32(rec + 4);
      if (v.getUint16(off) === 4 && ((platform === 3 && encoding === 1) || platform === 0)) {
        sub = off;
        break;
      }
    }
    if (sub < 0) throw new Error("font has no format-4 cmap");
    this.cmap4 = sub;
  }

  private glyph(c: number): number {
    if (c > 0xffff) return 0;
    const v = this.view;
    const segX2 = v.getUint16(this.cmap4 + 6);
    const ends = this.cmap4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    let lo = 0;
    let hi = segX2 / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v.getUint16(ends + 2 * mid) < c) lo = mid + 1;
      else hi = mid;
    }
    const start = v.getUint16(starts + 2 * lo);
    if (v.getUint16(ends + 2 * lo) < c || start > c) return 0;
    const delta = v.getUint16(deltas + 2 * lo);
    const rangeOffset = v.getUint16(ranges + 2 * lo);
    if (rangeOffset === 0) return (c + delta) & 0xffff;
    const g = v.getUint16(ranges + 2 * lo + rangeOffset + 2 * (c - start));
    return g === 0 ? 0 : (g + delta) & 0xffff;
  }

  /** The advance width of a code point, in em. */
  advance(c: number): number {
    let w = this.cache.get(c);
    if (w === undefined) {
      const g = Math.min(this.glyph(c), this.nMetrics - 1);
      w = this.view.getUint16(this.hmtx + 4 * g) / this.unitsPerEm;
      this.cache.set(c, w);
    }
    return w;
  }

  /** The width of a string at a font size, in pixels. */
  width(text: string, fontSize: number): number {
    let w = 0;
    for (const ch of text) w += this.advance(ch.codePointAt(0) as number);
    return w * fontSize;
  }
}

/** Regular and bold widths, or undefined when the files cannot be read. @internal */
export function loadFontWidths(regular: string, bold: string | undefined): { regular: FontWidths; bold: FontWidths } | undefined {
  try {
    if (!existsSync(regular)) return undefined;
    const r = new FontWidths(readFileSync(regular));
    const b = bold && existsSync(bold) ? new FontWidths(readFileSync(bold)) : r;
    return { regular: r, bold: b };
  } catch {
    return undefined;
  }
}
