/**
 * Every code block of README.md runs as written, in a fresh project that has parzen-hpo in its
 * node_modules (dist built from this checkout into the project, not into the repo's dist/, so it
 * never races the package test) and tsx, as a user's project has after `npm install parzen-hpo`.
 *
 * How each block is used:
 * - the first block must be exactly `npm install && npm run demo` / `npm test`: CI runs both, the
 *   examples test runs the demo; running `npm test` here would run this test again;
 * - `npm install parzen-hpo` blocks name the package (tests/package installs its tarball);
 * - ts / js blocks start with `// <file>`: every file is written first (a block may use a module
 *   shown after it, "the module next to it"); with `— run with: <command>`, the command then runs
 *   in order (the .mts files are also type-checked, strict);
 * - other sh blocks run with bash, in order, in the same project (so they see earlier studies).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string };

interface Block {
  lang: string;
  code: string;
  line: number;
}

function blocks(md: string): Block[] {
  const out: Block[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const m of md.matchAll(re)) {
    out.push({ lang: m[1] as string, code: m[2] as string, line: md.slice(0, m.index).split("\n").length });
  }
  return out;
}

/** What a run block must print (by file or command), beyond exiting 0. */
const EXPECT: Record<string, RegExp> = {
  "study.mts": /^\{ kind: 'a', x: [\d.e-]+ \} [\d.e-]+\n200 trials, best [\d.e-]+$/m,
  "quiet.mts": /^20 trials without a line on stderr; best 0\.\d{3}$/m,
  "service.mts": /^best lr \d\.\d\de-\d, loss \d+\.\d{4}$/m,
  "npx parzen studies": /\| quadratic \| minimize +\| +200 \|/,
};

describe("README.md", () => {
  let dir: string;
  const all = blocks(readme);
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "parzen-readme-"));
    const lib = join(dir, "node_modules", pkg.name);
    mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
    mkdirSync(lib, { recursive: true });
    copyFileSync(join(root, "package.json"), join(lib, "package.json"));
    symlinkSync(join(root, "storage"), join(lib, "storage"));
    symlinkSync(join(root, "node_modules"), join(lib, "node_modules"));
    await exec(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.json"), "--outDir", join(lib, "dist")]);
    chmodSync(join(lib, "dist/cli/main.js"), 0o755);
    symlinkSync(join(lib, "dist/cli/main.js"), join(dir, "node_modules/.bin/parzen"));
    symlinkSync(join(root, "node_modules/tsx"), join(dir, "node_modules/tsx"));
    symlinkSync(join(root, "node_modules/tsx/dist/cli.mjs"), join(dir, "node_modules/.bin/tsx"));
    symlinkSync(join(root, "node_modules/@types"), join(dir, "node_modules/@types"));
    // what `npm init -y` writes: a CommonJS project (the .mts / .mjs files are ES modules anyway)
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "readme", version: "1.0.0", type: "commonjs" }));
    for (const b of all) {
      if (b.lang !== "ts" && b.lang !== "js") continue;
      const head = /^\/\/ (\S+)/.exec(b.code);
      assert.ok(head, `README.md:${b.line}: a ${b.lang} block starts with "// <file>"`);
      writeFileSync(join(dir, head[1] as string), b.code);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("starts with exactly the two clone commands, then an Install section for library users", () => {
    assert.ok(readme.startsWith("```\nnpm install && npm run demo\nnpm test\n```\n"), "the first block");
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.equal(sections[0], "Install");
    const install = all.find((b) => b.code.startsWith("npm install ") && b.line > 3);
    assert.equal(install?.code.trim(), `npm install ${pkg.name}`);
  });

  it("every block runs as written, in order, in a fresh project", async () => {
    const env = { ...process.env, PARZEN_VERBOSITY: "info", PATH: `${join(dir, "node_modules/.bin")}:${process.env.PATH}` };
    const ran: string[] = [];
    for (const b of all.slice(1)) {
      const where = `README.md:${b.line}`;
      if (b.lang === "sh" && b.code.startsWith("npm install ")) continue; // checked above
      if (b.lang === "ts" || b.lang === "js") {
        const head = /^\/\/ (\S+)(?: — (?:run with: (.+)|.*))?$/.exec(b.code.split("\n")[0] ?? "");
        assert.ok(head, `${where}: a ${b.lang} block starts with "// <file>"`);
        const file = head[1] as string;
        if (head[2] === undefined) continue;
        const r = await exec("bash", ["-c", head[2]], { cwd: dir, env, maxBuffer: 1 << 24 }).catch((e: { stdout: string; stderr: string }) => {
          assert.fail(`${where}: ${head[2]} failed:\n${e.stderr}\n${e.stdout}`);
        });
        const expect = EXPECT[file];
        assert.ok(expect, `${where}: the test knows what ${file} prints`);
        assert.match(r.stdout, expect, `${where}: ${file} printed\n${r.stdout}`);
        ran.push(file);
      } else if (b.lang === "sh") {
        for (const cmd of b.code.trim().split("\n")) {
          const r = await exec("bash", ["-ec", cmd], { cwd: dir, env, maxBuffer: 1 << 24 }).catch((e: { stdout: string; stderr: string }) => {
            assert.fail(`${where}: ${cmd} failed:\n${e.stderr}\n${e.stdout}`);
          });
          const key = Object.keys(EXPECT).find((k) => cmd.startsWith(k));
          if (key) assert.match(r.stdout, EXPECT[key] as RegExp, `${where}: ${cmd}`);
          else assert.ok(r.stdout.trim().length > 0, `${where}: ${cmd} printed something`);
          ran.push(cmd);
        }
      } else assert.fail(`${where}: a block in \`${b.lang || "(none)"}\` the test does not know how to run`);
    }
    assert.ok(ran.includes("study.mts") && ran.includes("service.mts") && ran.length >= 5, ran.join(", "));
  });

  it("the TypeScript blocks type-check (strict) against the package's declarations", async () => {
    const files = all.map((b) => /^\/\/ (\S+\.mts)/.exec(b.code)?.[1]).filter((f): f is string => f !== undefined);
    assert.ok(files.length >= 3);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"] }, files }),
    );
    const out = await exec(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: dir }).then(
      () => "",
      (e: { stdout: string }) => e.stdout,
    );
    assert.equal(out, "");
  });
});
