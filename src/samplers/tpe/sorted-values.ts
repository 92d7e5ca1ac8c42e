/**
 * Per parameter, the finished trials' internal values kept sorted by (value, trial number) as
 * trials finish, so the bandwidths of a mixture need no sort: the observations' sorted order is
 * read off the index in O(n) instead of sorted in O(n log n). Exact, because a finished trial's
 * values never change. Observations the index does not hold (RUNNING trials under constant liar)
 * are sorted on their own and merged in.
 * @module
 */
import type { FrozenTrial } from "../../trial/frozen.js";
import { sortWithIndex } from "./parzen-estimator.js";

/** One parameter's sorted values. @internal */
export class SortedValues {
  private values = new Float64Array(64);
  private numbers = new Int32Array(64);
  private size = 0;
  /** How many entries of the finished-trial log were folded in. */
  consumed = 0;

  private grow(min: number): void {
    if (this.values.length >= min) return;
    const cap = Math.max(min, this.values.length * 2);
    const v = new Float64Array(cap);
    v.set(this.values.subarray(0, this.size));
    const n = new Int32Array(cap);
    n.set(this.numbers.subarray(0, this.size));
    this.values = v;
    this.numbers = n;
  }

  /** Folds in the finished trials log[consumed..]; `valueOf` gives a trial's value or undefined. */
  update(log: readonly FrozenTrial[], valueOf: (t: FrozenTrial) => number | undefined): void {
    const fresh = log.length - this.consumed;
    if (fresh <= 0) return;
    if (fresh > 32) {
      // many at once: append, then one sort
      this.grow(this.size + fresh);
      for (let i = this.consumed; i < log.length; i++) {
        const t = log[i] as FrozenTrial;
        const v = valueOf(t);
        if (v === undefined) continue;
        this.values[this.size] = v;
        this.numbers[this.size] = t.number;
        this.size++;
      }
      if (this.size > 1) sortWithIndex(this.values.subarray(0, this.size), this.numbers.subarray(0, this.size), 0, this.size - 1);
    } else {
      for (let i = this.consumed; i < log.length; i++) {
        const t = log[i] as FrozenTrial;
        const v = valueOf(t);
        if (v !== undefined) this.insert(v, t.number);
      }
    }
    this.consumed = log.length;
  }

  private insert(v: number, num: number): void {
    this.grow(this.size + 1);
    let a = 0;
    let b = this.size;
    while (a < b) {
      const mid = (a + b) >> 1;
      const mv = this.values[mid] as number;
      if (mv < v || (mv === v && (this.numbers[mid] as number) < num)) a = mid + 1;
      else b = mid;
    }
    this.values.copyWithin(a + 1, a, this.size);
    this.numbers.copyWithin(a + 1, a, this.size);
    this.values[a] = v;
    this.numbers[a] = num;
    this.size++;
  }

  /**
   * The permutation of k observations (internal values `obs`, trial numbers `nums` ascending)
   * that sorts them by (value, index).
   */
  order(obs: ArrayLike<number>, nums: Int32Array, k: number): Int32Array {
    const out = new Int32Array(k);
    if (k === 0) return out;
    const maxNum = nums[k - 1] as number;
    const pos = new Int32Array(maxNum + 1).fill(-1);
    for (let i = 0; i < k; i++) pos[nums[i] as number] = i;
    const covered = new Uint8Array(k);
    const main: number[] = [];
    for (let r = 0; r < this.size; r++) {
      const u = this.numbers[r] as number;
      if (u > maxNum) continue;
      const i = pos[u] as number;
      if (i < 0 || (obs[i] as number) !== (this.values[r] as number)) continue;
      main.push(i);
      covered[i] = 1;
    }
    if (main.length === k) {
      out.set(main);
      return out;
    }
    // Observations outside the index (running trials): sort them, then merge by (value, index).
    const restKeys: number[] = [];
    for (let i = 0; i < k; i++) if (covered[i] === 0) restKeys.push(i);
    const rk = Float64Array.from(restKeys, (i) => obs[i] as number);
    const ri = Int32Array.from(restKeys);
    if (ri.length > 1) sortWithIndex(rk, ri, 0, ri.length - 1);
    let a = 0;
    let b = 0;
    let o = 0;
    while (a < main.length || b < ri.length) {
      let takeMain: boolean;
      if (b >= ri.length) takeMain = true;
      else if (a >= main.length) takeMain = false;
      else {
        const ia = main[a] as number;
        const ib = ri[b] as number;
        const va = obs[ia] as number;
        const vb = obs[ib] as number;
        takeMain = va < vb || (va === vb && ia < ib);
      }
      out[o++] = takeMain ? (main[a++] as number) : (ri[b++] as number);
    }
    return out;
  }
}
