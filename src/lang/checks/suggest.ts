/**
 * "Did you mean ...?" for misspelt names: the closest candidate by optimal-string-alignment
 * distance (Levenshtein plus adjacent transpositions, so 'sigam' is one edit from 'sigma').
 */

export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The closest candidate within a third of the name's length (at least 1 edit), if any. Names of one
 * or two letters only match up to case: any other letter would be "one edit away" and a guess.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 2 ? 0 : Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** "unknown name 'sigam' — did you mean 'sigma'?" */
export function unknownMessage(what: string, name: string, candidates: Iterable<string>): string {
  const suggestion = closest(name, candidates);
  return `unknown ${what} '${name}'` + (suggestion !== undefined ? ` — did you mean '${suggestion}'?` : '');
}
