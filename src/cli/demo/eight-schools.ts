/** Demo step: eight schools with NUTS against posteriordb's reference draws (10 long Stan chains). */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { infer } from '../../backends/infer.js';
import { nuts } from '../../backends/mcmc/index.js';
import eightSchools, { data as eightSchoolsData } from '../../../examples/eight-schools.js';
import type { DemoStep } from './step.js';

/** posteriordb's reference draws (10 × 1000 from long Stan runs), when the reference folder is there. */
async function eightSchoolsReference(): Promise<Record<string, { mean: number; sd: number }> | null> {
  try {
    const path = fileURLToPath(new URL('../../../../shared/reference/posteriordb/eight_schools-eight_schools_noncentered.draws.json.gz', import.meta.url));
    const chains = JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as Record<string, number[]>[];
    const out: Record<string, { mean: number; sd: number }> = {};
    for (const name of ['mu', 'tau', 'theta[1]']) {
      const xs = chains.flatMap((c) => c[name]!);
      const m = xs.reduce((s, v) => s + v, 0) / xs.length;
      out[name] = { mean: m, sd: Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1)) };
    }
    return out;
  } catch {
    return null;
  }
}

/** Used when ../shared/reference is absent: the same statistics of posteriordb's draws, rounded. */
const EIGHT_SCHOOLS_FALLBACK: Record<string, { mean: number; sd: number }> = { mu: { mean: 4.39, sd: 3.3 }, tau: { mean: 3.6, sd: 3.2 }, 'theta[1]': { mean: 6.2, sd: 5.6 } };

export const eightSchoolsStep: DemoStep = {
  title: 'eight schools (non-centred), NUTS against posteriordb\'s reference draws',
  description: 'mu ~ normal(0, 5); tau ~ half_cauchy(5); theta = mu + tau · theta_trans; y ~ normal(theta, sigma)',
  async run(ctx) {
    const post = await infer(eightSchools, eightSchoolsData, nuts({ chains: 4, seed: ctx.seed }), { onProgress: ctx.onProgress });
    // theta[1] is a derived quantity (mu + tau · theta_trans[1]): computed from the draws.
    const mu = post.draws('mu'), tau = post.draws('tau'), t1 = post.draws('theta_trans[1]');
    const theta1 = mu.map((m, i) => m + tau[i]! * t1[i]!);
    const stats = (xs: Float64Array) => {
      const m = xs.reduce((s, v) => s + v, 0) / xs.length;
      return { mean: m, sd: Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1)) };
    };
    const ours: Record<string, { mean: number; sd: number }> = { mu: stats(mu), tau: stats(tau), 'theta[1]': stats(theta1) };
    const ref = (await eightSchoolsReference()) ?? EIGHT_SCHOOLS_FALLBACK;
    const rows = Object.keys(ours).flatMap((name) => [
      { name: `${name} mean`, values: [ours[name]!.mean, ref[name]!.mean] },
      { name: `${name} sd`, values: [ours[name]!.sd, ref[name]!.sd] },
    ]);
    const maxRhat = Math.max(...post.summary().map((r) => r.rhat));
    const divergent = (post.samplerStats.diverging ?? []).reduce((s, c) => s + c.reduce((a, v) => a + v, 0), 0);
    return { columns: ['NUTS', 'posteriordb'], rows, note: `4 chains × 1000 draws, max R-hat ${maxRhat.toFixed(3)}, ${divergent} divergent transition${divergent === 1 ? "" : "s"}, ${(post.timing.wall ?? 0).toFixed(1)} s` };
  },
};

