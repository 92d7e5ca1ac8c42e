/**
 * Argument checks shared by the public low-discrepancy sequences (Sobol, Halton).
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";

/** `dim` must be a whole number ≥ 1. @throws {InvalidArgumentError} */
export function checkDim(kind: "Sobol" | "Halton", dim: unknown): void {
  if (typeof dim !== "number" || !Number.isInteger(dim) || dim < 1) {
    throw new InvalidArgumentError(
      `${kind}: dim must be a whole number >= 1 (the number of coordinates of each point), got ${String(dim)}; pass e.g. new ${kind}(3) for points in [0, 1)^3.`,
    );
  }
}

/** `index` must be a whole number in [0, limit). @throws {InvalidArgumentError} */
export function checkIndex(kind: "Sobol" | "Halton", index: unknown, limit: number): void {
  if (typeof index !== "number" || !Number.isSafeInteger(index) || index < 0 || index >= limit) {
    throw new InvalidArgumentError(`${kind}: point index must be a whole number from 0 to ${limit - 1}, got ${String(index)}; points are numbered 0, 1, 2 …`);
  }
}
