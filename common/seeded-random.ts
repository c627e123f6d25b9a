/** Randomness for generated data (the demo county, the simulated banks' books): a seeded generator and the few draws they make from it. */

export type Random = () => number;

/** mulberry32: a tiny, well-known 32-bit generator; plenty for test data and reproducible by seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pickWeighted<T>(random: Random, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1][0];
}

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Chance that something with a constant rate per `unitDays` happens within `days`. */
export function chanceWithin(days: number, perUnit: number, unitDays: number): number {
  return 1 - Math.pow(1 - perUnit, days / unitDays);
}
