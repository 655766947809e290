/**
 * Seeded pseudo-random numbers for the few weights that are not hand-set (the cost model's
 * matrices). Mulberry32: tiny, fast, and identical on every platform because it only uses
 * 32-bit integer math, so regenerated models are byte-for-byte stable.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
