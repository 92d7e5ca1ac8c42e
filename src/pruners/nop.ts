/**
 * NopPruner: never prunes.
 * @module
 */
import type { Pruner } from "./base.js";

/** Never prunes. */
export class NopPruner implements Pruner {
  prune(): boolean {
    return false;
  }
}
