/**
 * Who may talk to the web dashboard.
 *
 * - Host check (against DNS rebinding): a page on another origin can make the browser resolve its
 *   own name to 127.0.0.1 and read the dashboard; the browser then still sends that name in the
 *   `Host` header. Only the names the server was started for are answered: localhost, 127.0.0.1,
 *   [::1] and the `--host` given; for a wildcard bind (0.0.0.0, ::) also this machine's host name
 *   and interface addresses. Others get 421.
 * - Token: a bind that is not loopback serves every study to the network, so it needs a token
 *   (generated, printed once in the URL). It is accepted as `?token=`, as
 *   `Authorization: Bearer <token>` or `X-Parzen-Token`, and once accepted from the URL it is
 *   kept in an HttpOnly, SameSite=Strict cookie so that the page's own requests carry it.
 * - Host and port are checked before listening, and listen errors become typed errors with the fix.
 * @module
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { InvalidArgumentError } from "../../errors.js";

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** `--host` without IPv6 brackets. @throws {InvalidArgumentError} not an IP address or host name. */
export function checkHost(host: string): string {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (typeof host !== "string" || (isIP(bare) === 0 && !HOSTNAME.test(bare))) {
    throw new InvalidArgumentError(
      `--host ${JSON.stringify(host)} is not an IP address or host name. Pass 127.0.0.1 (this machine only, the default), ` +
        "::1, localhost, a name or address of this machine, or 0.0.0.0 for every interface (then a token is required).",
    );
  }
  return bare;
}

/** @throws {InvalidArgumentError} not an integer in 0..65535. */
export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`--port ${String(port)} is not a port: pass an integer from 1 to 65535, or 0 for any free port.`);
  }
  return port;
}

/** Whether `host` (bare) binds only this machine. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "::ffff:127.0.0.1";
}

/** Whether `host` binds every interface. */
export function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/** The typed error of a failed listen, saying what to change. */
export function listenError(e: unknown, host: string, port: number): Error {
  const code = (e as { code?: string }).code;
  const where = `${host}:${port}`;
  const fixes: Record<string, string> = {
    EADDRINUSE: `Port ${port} on ${host} is already in use: pass another --port (0 picks a free one) or stop the program that uses it.`,
    EACCES: `Listening on ${where} is not permitted: ports below 1024 need privileges; pass a --port above 1023 (or 0 for any free port).`,
    EADDRNOTAVAIL: `${host} is not an address of this machine: pass 127.0.0.1 (the default), or 0.0.0.0 for every interface.`,
    ENOTFOUND: `--host ${host} does not resolve to an address: pass 127.0.0.1, localhost, or an address of this machine.`,
    EAI_AGAIN: `--host ${host} could not be resolved (no name service answered): pass an IP address such as 127.0.0.1.`,
  };
  const msg = code !== undefined && Object.hasOwn(fixes, code) ? fixes[code] : undefined;
  return msg !== undefined ? new InvalidArgumentError(msg, { cause: e }) : (e as Error);
}

/** Host names a server bound to `host` answers to (lower case, IPv6 in brackets). */
export function allowedHostNames(host: string): Set<string> {
  const names = new Set(["localhost", "127.0.0.1", "[::1]"]);
  const add = (h: string) => names.add((isIP(h) === 6 ? `[${h}]` : h).toLowerCase().replace(/\.$/, ""));
  add(host);
  if (isWildcard(host)) {
    add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address.replace(/%.*$/, ""));
  }
  return names;
}

/** The host name of a `Host` header value, without the port; undefined when malformed. */
export function hostOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const h = header.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(h);
  return m ? (m[1] as string).replace(/\.$/, "") : undefined;
}

/** A new random token (144 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(18).toString("base64url");
}

/** What {@link AccessPolicy.check} decided. */
export type AccessDecision = { ok: true; setCookie?: string } | { ok: false; status: number; error: string };

/** The host check and, for a non-loopback bind, the token check. */
export class AccessPolicy {
  private readonly names: Set<string>;
  private readonly cookieName: string;

  constructor(
    host: string,
    port: number,
    /** Required on every request when set. */
    readonly token: string | undefined,
  ) {
    this.names = allowedHostNames(host);
    this.cookieName = `parzen_token_${port}`;
  }

  /** Decides on one request. */
  check(req: IncomingMessage, url: URL): AccessDecision {
    const host = hostOf(req.headers.host);
    if (host === undefined || !this.names.has(host)) {
      return {
        ok: false,
        status: 421,
        error: `This dashboard does not answer to the host name ${JSON.stringify(req.headers.host ?? "")}: open it as ${[...this.names].slice(0, 3).join(", ")} or the --host it was started with.`,
      };
    }
    if (this.token === undefined) return { ok: true };
    const fromUrl = url.searchParams.get("token");
    const auth = req.headers.authorization;
    const given =
      fromUrl ??
      (typeof req.headers["x-parzen-token"] === "string" ? req.headers["x-parzen-token"] : undefined) ??
      (auth?.startsWith("Bearer ") ? auth.slice(7) : undefined) ??
      cookie(req.headers.cookie, this.cookieName);
    if (given === undefined) {
      return { ok: false, status: 401, error: "This dashboard needs its access token: open the URL it printed at start (…/?token=…), or send the header Authorization: Bearer <token>." };
    }
    if (!sameSecret(given, this.token)) return { ok: false, status: 403, error: "Wrong access token: use the token the dashboard printed at start." };
    return fromUrl !== null ? { ok: true, setCookie: `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/` } : { ok: true };
  }
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
