/** One line of the `amortize check` report. */
export interface PropertyOutcome {
  name: string;
  /** 'warn': inconclusive (e.g. the sampler itself struggled); reported, but not a failure. */
  status: 'pass' | 'fail' | 'warn' | 'skip';
  /** One line on pass/skip; on failure what is wrong, where and by how much (may be several lines). */
  message: string;
  seconds?: number;
}

/** Run one property, turning an unexpected throw into a failure that says which call threw. */
export type Outcome = Omit<PropertyOutcome, 'name' | 'seconds'>;

export async function runProperty(name: string, body: () => Promise<Outcome> | Outcome): Promise<PropertyOutcome> {
  const started = performance.now();
  try {
    const r = await body();
    return { name, ...r, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const e = error as Error;
    return { name, status: 'fail', message: `threw ${e?.name ?? 'an error'}: ${e?.message ?? String(e)}`, seconds: (performance.now() - started) / 1000 };
  }
}
