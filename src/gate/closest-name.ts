/**
 * "Did you mean": the allowed name closest to a misspelt one, for messages about unknown keys and values.
 *
 * Names are compared after folding case and treating '-' and ' ' as '_', by optimal string alignment
 * distance (Levenshtein plus transposition of two neighbours, so "alpah" is one edit from "alpha"). A
 * suggestion is made only when it is close enough to be a typo: at most 1 edit for names of up to 4
 * characters, 2 up to 8, 3 beyond. Aliases map common other spellings ("auc", "f1") to an allowed name.
 */

/** The allowed name `input` was most likely meant to be, or undefined when none is close. */
export function closestName(
  input: string,
  allowed: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string | undefined {
  const folded = fold(input);
  const alias = aliases[folded];
  if (alias !== undefined && allowed.includes(alias)) return alias;
  const budget = folded.length <= 4 ? 1 : folded.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of allowed) {
    const distance = optimalStringAlignmentDistance(folded, fold(name));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= budget && best !== input ? best : undefined;
}

function fold(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '_');
}

function optimalStringAlignmentDistance(left: string, right: string): number {
  // distances[i][j]: edits turning the first i characters of `left` into the first j of `right`.
  const distances: number[][] = [];
  for (let i = 0; i <= left.length; i += 1) {
    const row: number[] = [];
    for (let j = 0; j <= right.length; j += 1) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const substitution = left[i - 1] === right[j - 1] ? 0 : 1;
      const previousRow = distances[i - 1] ?? [];
      let distance = Math.min(
        (previousRow[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previousRow[j - 1] ?? 0) + substitution,
      );
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        distance = Math.min(distance, (distances[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(distance);
    }
    distances.push(row);
  }
  return distances[left.length]?.[right.length] ?? 0;
}
