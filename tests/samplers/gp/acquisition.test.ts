import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FULL_SWEEP_GRID, gridNeighbours } from "../../../src/samplers/gp/acquisition.js";

describe("GP acquisition: coordinate sweeps over numeric grids", () => {
  it("tries every value of a short grid", () => {
    const grid = Float64Array.from({ length: FULL_SWEEP_GRID }, (_, i) => i / (FULL_SWEEP_GRID - 1));
    assert.deepEqual(gridNeighbours(grid, 0.5), Array.from(grid));
  });

  it("tries the values within two grid positions of the current one on a long grid, clipped at the ends", () => {
    const grid = Float64Array.from({ length: 21 }, (_, i) => i / 20);
    assert.deepEqual(gridNeighbours(grid, 0.5), [0.4, 0.45, 0.5, 0.55, 0.6]);
    assert.deepEqual(gridNeighbours(grid, 0.52), [0.4, 0.45, 0.5, 0.55, 0.6]); // nearest is 0.5
    assert.deepEqual(gridNeighbours(grid, 0), [0, 0.05, 0.1]);
    assert.deepEqual(gridNeighbours(grid, 1), [0.9, 0.95, 1]);
  });
});
