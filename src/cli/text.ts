/**
 * Terminal-safe text. Study, parameter and attribute names come from whoever wrote the storage:
 * printed raw, an ESC/OSC/BEL sequence in a name would retitle, clear or recolour the user's
 * terminal. Every text output that is not JSON or CSV passes user text through
 * {@link escapeControl}, which shows control characters as visible escapes instead.
 * @module
 */

// C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F: 8-bit CSI/OSC), and the
// bidirectional overrides and isolates that reorder what a terminal shows ("Trojan source").
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `s` with every control character replaced by a visible escape: `\x1b` for ESC, `\x07` for BEL,
 * `\n` and `\t` for newline and tab (a table cell stays one line), `\u202e` for a bidi override.
 * Printable text, including any non-ASCII letter, is unchanged.
 */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    if (c === "\r") return "\\r";
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** {@link escapeControl} line by line: newlines stay (for messages of several lines). */
export function escapeLines(s: string): string {
  return s.split("\n").map(escapeControl).join("\n");
}
