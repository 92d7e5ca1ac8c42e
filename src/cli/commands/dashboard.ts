/**
 * `dashboard`: a live view of a study in the terminal, or with --web in the browser.
 * @module
 */
import type { Command } from "commander";
import { dashboardPublic } from "../../messages.js";
import { type CliContext, globals, intArg, readStorage, storageUrl } from "../context.js";
import { escapeControl } from "../text.js";

/** Registers dashboard. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("dashboard")
    .description("a live dashboard of a study: in the terminal, or with --web in the browser")
    .option("--web", "serve a web dashboard instead of drawing in the terminal")
    .option("--host <host>", "address the web dashboard binds to (anything but loopback requires the printed token)", "127.0.0.1")
    .option("--port <port>", "port of the web dashboard (0: any free port)", intArg("--port"), 8080)
    .option("--interval <ms>", "refresh period in milliseconds", intArg("--interval"), 1000)
    .addHelpText(
      "after",
      "\nExamples:\n  $ parzen dashboard --storage sqlite:///storage/demo.db\n  $ parzen dashboard --web --port 8080 --storage sqlite:///storage/demo.db",
    )
    .action(async (o: { web?: boolean; host: string; port: number; interval: number }, cmd: Command) => {
      const storage = storageUrl(cmd, ctx);
      await readStorage(cmd, ctx); // a dashboard only reads: a missing database is an error, not created
      const studyName = globals(cmd).studyName;
      if (o.web) {
        const { startWebDashboard } = await import("../dashboard/web.js");
        const server = await startWebDashboard({ storage, host: o.host, port: o.port });
        if (server.public) ctx.io.err(`warning: ${dashboardPublic(escapeControl(o.host)).message}`);
        ctx.io.out(`parzen web dashboard on ${server.url} (Ctrl-C stops it)`);
        await server.closed;
        return;
      }
      const { runTerminalDashboard } = await import("../dashboard/terminal.js");
      await runTerminalDashboard({ storage, ...(studyName !== undefined ? { studyName } : {}), intervalMs: o.interval });
    });
}
