/**
 * What every check in amortize/testing returns: a verdict and a message a user can act on.
 * `assertCheck` turns a failed result into a thrown Error, which vitest/jest and fast-check report.
 */
export interface CheckResult {
  ok: boolean;
  /** One line on success; on failure, what disagreed, where, and by how much. */
  message: string;
}

export function pass(message: string): CheckResult {
  return { ok: true, message };
}

export function fail(message: string): CheckResult {
  return { ok: false, message };
}

/** Throws an Error carrying the result's message if the check failed. */
export function assertCheck(result: CheckResult): void {
  if (!result.ok) throw new Error(result.message);
}

/** The first failure, or one pass summarising all. */
export function allOf(results: CheckResult[], summary: string): CheckResult {
  const bad = results.filter((r) => !r.ok);
  if (bad.length > 0) return fail(bad.map((r) => r.message).join('\n'));
  return pass(summary);
}

/** Compact number formatting for messages. */
export function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}
