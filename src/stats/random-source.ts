/**
 * Seeded pseudo-random numbers for the bootstrap: xoshiro128** seeded through SplitMix64.
 *
 * What model-gate uses it for: every random draw of the statistical gate (bootstrap resamples, the random
 * partition of rows into groups) comes from a `RandomSource` created from the report's `seed`, so the same
 * inputs and seed give the same report (DESIGN.md section 4). Nothing in stats/ calls Math.random.
 *
 * Method:
 * - Generator: xoshiro128** 1.1 (Blackman & Vigna). 128 bits of state s0..s3 (uint32), period 2^128 - 1.
 *   Output = rotl(s1 * 5, 7) * 9; state update: t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
 *   s2 ^= t; s3 = rotl(s3, 11). All arithmetic is 32-bit (Math.imul), which JavaScript does fast, and it
 *   passes BigCrush; its authors recommend it as the 32-bit all-purpose generator.
 * - Seeding: the four state words are the high and low halves of the first two outputs of SplitMix64
 *   (Steele, Lea & Flood 2014) started at x = seed + stream * 2^56 (mod 2^64), as Vigna recommends (a
 *   state of all zeros is impossible this way). `stream` gives independent-looking sequences for
 *   different purposes from one user seed (stream 0: resampling; stream 1: row partitions).
 * - Doubles: nextDouble() = (a >>> 5) * 2^26 + (b >>> 6), divided by 2^53, from two outputs: uniform on
 *   [0, 1) with 53 random bits, the same construction as the reference code's and NumPy's.
 *
 * The seed is any integer 0 <= seed <= 2^53 - 1 (so it survives a JSON round trip); DEFAULT_SEED is used
 * when the user gives none.
 *
 * References:
 * - D. Blackman, S. Vigna (2021). Scrambled linear pseudorandom number generators. ACM Transactions on
 *   Mathematical Software 47(4), 36:1-36:32. https://doi.org/10.1145/3460772 ; reference C code
 *   https://prng.di.unimi.it/xoshiro128starstar.c
 * - G. L. Steele, D. Lea, C. H. Flood (2014). Fast splittable pseudorandom number generators. OOPSLA 2014,
 *   453-472. https://doi.org/10.1145/2660193.2660195 ; C code https://prng.di.unimi.it/splitmix64.c
 *
 * Test values: the published reference outputs (xoshiro128** from state {1, 2, 3, 4}; SplitMix64 from seed
 * 1234567) and a Python transcription of the reference C code, scripts/reference/inference_reference.py,
 * stored in test/fixtures/reference/inference.json.
 */

/** A stream of uniform random numbers. */
export interface RandomSource {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
}

/** The seed used when the user gives none (documented in the report as `seed`). */
export const DEFAULT_SEED = 42;

/** Largest accepted seed: seeds must survive a JSON round trip as exact integers. */
const MAX_SEED = Number.MAX_SAFE_INTEGER;

const MASK_64 = (1n << 64n) - 1n;
const SPLITMIX_GAMMA = 0x9e3779b97f4a7c15n;

/** SplitMix64 (Steele, Lea & Flood 2014): returns the next output and the advanced state. */
function splitMix64(state: bigint): { output: bigint; state: bigint } {
  const next = (state + SPLITMIX_GAMMA) & MASK_64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  z = z ^ (z >> 31n);
  return { output: z, state: next };
}

/** The first `count` outputs of SplitMix64 from `seed` (exported for the reference test only). */
export function splitMix64Outputs(seed: bigint, count: number): bigint[] {
  const outputs: bigint[] = [];
  let state = seed & MASK_64;
  for (let index = 0; index < count; index += 1) {
    const step = splitMix64(state);
    outputs.push(step.output);
    state = step.state;
  }
  return outputs;
}

/** xoshiro128** 1.1 over an explicit state (exported so tests can start from the reference state). */
export class Xoshiro128StarStar implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(state: readonly [number, number, number, number]) {
    if (state.every((word) => word >>> 0 === 0)) {
      throw new RangeError('xoshiro128**: the state must not be all zeros');
    }
    this.s0 = state[0] >>> 0;
    this.s1 = state[1] >>> 0;
    this.s2 = state[2] >>> 0;
    this.s3 = state[3] >>> 0;
  }

  nextUint32(): number {
    const s1 = this.s1;
    const scaled = Math.imul(s1, 5);
    const result = Math.imul((scaled << 7) | (scaled >>> 25), 9) >>> 0;
    const shifted = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= shifted;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  nextDouble(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }
}

/**
 * A seeded xoshiro128** generator.
 * @param seed integer in [0, 2^53 - 1]
 * @param stream small integer in [0, 255] selecting an independent sequence for the same seed
 */
export function createRandomSource(seed: number = DEFAULT_SEED, stream = 0): RandomSource {
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`Invalid seed '${String(seed)}': must be an integer between 0 and ${MAX_SEED}`);
  }
  if (!Number.isInteger(stream) || stream < 0 || stream > 255) {
    throw new RangeError(`Invalid random stream '${String(stream)}': must be an integer between 0 and 255`);
  }
  const start = (BigInt(seed) + (BigInt(stream) << 56n)) & MASK_64;
  const [first, second] = splitMix64Outputs(start, 2) as [bigint, bigint];
  return new Xoshiro128StarStar([
    Number(first & 0xffffffffn),
    Number(first >> 32n),
    Number(second & 0xffffffffn),
    Number(second >> 32n),
  ]);
}
