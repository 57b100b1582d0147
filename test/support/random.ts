// A small seeded generator for tests that write "random" data: the same writes on every run.
import { isoDate } from "@chapters/core";

export function seededRandom(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  /** a day between two ISO dates, both included */
  const day = (from: string, to: string) => {
    const a0 = isoDate(from).getTime();
    const b0 = isoDate(to).getTime();
    return new Date(a0 + Math.floor(next() * ((b0 - a0) / 86_400_000 + 1)) * 86_400_000);
  };
  return { int, pick, day };
}
