import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  erfc,
  logGaussMass,
  logNdtr,
  ndtri,
  truncnormLogPdf,
  truncnormPpf,
} from "../../../src/samplers/tpe/truncnorm.js";

/** ∫ f over [a, b] by composite Simpson's rule. */
function simpson(f: (x: number) => number, a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

const close = (got: number, want: number, rel: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= rel * Math.max(1, Math.abs(want)), `${what}: got ${got}, want ${want}`);

describe("truncated normal", () => {
  it("erfc matches reference values to ~1e-15", () => {
    const table: [number, number][] = [
      [0, 1],
      [0.1, 0.8875370839817152],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12],
      [-1, 1.8427007929497148],
    ];
    for (const [x, want] of table) assert.ok(Math.abs(erfc(x) - want) <= 1e-15 * Math.max(want, 1e-300) + 1e-16 * want * 10, `erfc(${x}) = ${erfc(x)}`);
  });

  it("logNdtr stays finite and accurate deep in the lower tail", () => {
    close(logNdtr(-40), -804.6084420137538, 1e-14, "logNdtr(-40)");
    close(logNdtr(3), -0.0013508099647481938, 1e-12, "logNdtr(3)");
    // asymptotically −x²/2 − log(−x √(2π))
    const x = -1e4;
    close(logNdtr(x), -0.5 * x * x - Math.log(-x * Math.sqrt(2 * Math.PI)), 1e-12, "logNdtr(-1e4)");
  });

  it("ndtri inverts Φ, including far tails", () => {
    close(ndtri(0.5), 0, 1e-15, "ndtri(0.5)");
    close(ndtri(0.975), 1.959963984540054, 1e-13, "ndtri(0.975)");
    close(ndtri(1e-10), -6.361340902404056, 1e-12, "ndtri(1e-10)");
    for (const p of [1e-300, 1e-100, 1e-20, 0.3, 0.8]) close(logNdtr(ndtri(p)), Math.log(p), 1e-13, `log Φ(ndtri(${p}))`);
  });

  it("the log-density integrates to 1 on several intervals, including both tails", () => {
    for (const [a, b] of [[-1, 1], [-0.5, 2.5], [2, 4], [6, 7], [-9, -8], [-3, 30]] as [number, number][]) {
      const mass = simpson((x) => Math.exp(truncnormLogPdf(x, a, b)), a, b, 4000);
      close(mass, 1, 1e-8, `∫ pdf over [${a}, ${b}]`);
    }
    assert.equal(truncnormLogPdf(1.5, -1, 1), Number.NEGATIVE_INFINITY);
  });

  it("logGaussMass agrees with numeric integration and stays finite in the tails", () => {
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    close(Math.exp(logGaussMass(-1, 1)), 0.6826894921370859, 1e-14, "mass [-1, 1]");
    close(logGaussMass(1, 2), Math.log(simpson(phi, 1, 2)), 1e-10, "mass [1, 2]");
    const tail = logGaussMass(30, 31);
    assert.ok(Number.isFinite(tail) && tail < -450 && tail > -460, `mass [30, 31] = ${tail}`);
    close(logGaussMass(-31, -30), tail, 1e-14, "symmetry of the tails");
  });

  it("the quantile function inverts the numerically integrated CDF", () => {
    for (const [a, b] of [[-2, 1], [0.5, 3], [4, 6], [-7, -5]] as [number, number][]) {
      for (const u of [0.01, 0.1, 0.5, 0.9, 0.99]) {
        const x = truncnormPpf(u, a, b);
        assert.ok(x >= a && x <= b, `ppf(${u}) = ${x} outside [${a}, ${b}]`);
        const cdf = simpson((t) => Math.exp(truncnormLogPdf(t, a, b)), a, x, 2000);
        close(cdf, u, 1e-7, `CDF(ppf(${u})) on [${a}, ${b}]`);
      }
    }
  });

  it("the quantile function stays inside bounds far in a tail", () => {
    const x = truncnormPpf(0.5, 50, 60);
    assert.ok(x > 50 && x < 50.1, `median of N(0,1) on [50, 60] = ${x}`);
    assert.equal(truncnormPpf(0, -1, 1), -1);
    assert.ok(Math.abs(truncnormPpf(1, -1, 1) - 1) < 1e-12);
  });
});
