/**
 * NUTS against posteriordb reference posteriors (stan-dev/posteriordb: 10 chains × 1000 draws
 * from long, well-diagnosed Stan runs). For every parameter: our mean within 3 combined MCSE
 * (ours and the reference's) of the reference mean, sd within 5%, R-hat ≤ 1.01.
 * The models are the shipped examples (examples/*.ts), data from ../shared/reference/posteriordb/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nuts } from '../../src/backends/mcmc/nuts.js';
import type { Posterior } from '../../src/backends/posterior.js';
import { mcseMean, pooledMeanSd } from '../../src/diagnostics/mcmc/index.js';
import eightSchools from '../../examples/eight-schools.js';
import kidiq from '../../examples/kidiq.js';
import blr from '../../examples/blr.js';

const DIR = new URL('../../../shared/reference/posteriordb/', import.meta.url);
const present = existsSync(DIR);
if (!present) console.warn(`posteriordb reference not found at ${DIR.pathname}: skipping the posteriordb tests`);

function load(name: string): Record<string, Float64Array[]> {
  const chains = JSON.parse(gunzipSync(readFileSync(new URL(name, DIR))).toString()) as Record<string, number[]>[];
  const out: Record<string, Float64Array[]> = {};
  for (const key of Object.keys(chains[0]!)) out[key] = chains.map((c) => Float64Array.from(c[key]!));
  return out;
}
const data = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));

/** Our per-chain draws of a derived quantity. */
function derived(post: Posterior, f: (theta: Float64Array) => number): Float64Array[] {
  return Array.from({ length: post.numChains }, (_, c) => {
    const ch = post.chain(c);
    const d = post.dim;
    return Float64Array.from({ length: post.numDraws }, (_, i) => f(ch.subarray(i * d, (i + 1) * d)));
  });
}

function compare(name: string, ours: Float64Array[], ref: Float64Array[]): void {
  const a = pooledMeanSd(ours);
  const b = pooledMeanSd(ref);
  const se = Math.hypot(mcseMean(ours), mcseMean(ref));
  expect(Math.abs(a.mean - b.mean), `${name}: mean ${a.mean} vs reference ${b.mean} (combined MCSE ${se})`).toBeLessThan(3 * se);
  expect(Math.abs(a.sd / b.sd - 1), `${name}: sd ${a.sd} vs reference ${b.sd}`).toBeLessThan(0.05);
}

function checkRhat(post: Posterior): void {
  for (const row of post.summary()) expect(row.rhat, `R-hat of ${row.name}`).toBeLessThanOrEqual(1.01);
}

describe.skipIf(!present)('posteriordb reference posteriors', () => {
  it('eight schools, non-centred', async () => {
    const d = data('eight_schools.data.json') as { J: number; y: number[]; sigma: number[] };
    const m = eightSchools.compile({ J: d.J, sigma: d.sigma });
    const [post] = await nuts({ seed: 2026, targetAccept: 0.8 }).run(m, [m.flattenData({ y: d.y })], {});
    const ref = load('eight_schools-eight_schools_noncentered.draws.json.gz');
    const p = post!;
    // Stan at adapt_delta 0.8 also sees an occasional divergence here; more than 0.5% would be a bug.
    const divergent = p.samplerStats.diverging!.reduce((a, c) => a + c.reduce((s, v) => s + v, 0), 0);
    expect(divergent).toBeLessThanOrEqual(20);
    compare('mu', derived(p, (t) => t[0]!), ref.mu!);
    compare('tau', derived(p, (t) => t[1]!), ref.tau!);
    // The reference reports the transformed theta = mu + tau · theta_trans.
    for (let j = 0; j < d.J; j++) compare(`theta[${j + 1}]`, derived(p, (t) => t[0]! + t[1]! * t[2 + j]!), ref[`theta[${j + 1}]`]!);
    checkRhat(p);
  });

  it('kidiq: kid_score ~ normal(beta1 + beta2 mom_iq, sigma)', async () => {
    const d = data('kidiq.data.json') as { N: number; kid_score: number[]; mom_iq: number[] };
    // posteriordb's beta prior is flat; the example's normal(0, 1000) is flat to < 1e-4 of the posterior sd here.
    const m = kidiq.compile({ N: d.N, mom_iq: d.mom_iq });
    const [post] = await nuts({ seed: 7 }).run(m, [m.flattenData({ kid_score: d.kid_score })], {});
    const ref = load('kidiq-kidscore_momiq.draws.json.gz');
    const p = post!;
    for (const [j, name] of ['beta[1]', 'beta[2]', 'sigma'].entries()) compare(name, derived(p, (t) => t[j]!), ref[name]!);
    checkRhat(p);
  });

  it('blr: y ~ normal(X beta, sigma), D = 5', async () => {
    const d = data('sblrc.data.json') as { N: number; D: number; X: number[][]; y: number[] };
    const m = blr.compile({ N: d.N, D: d.D, X: d.X });
    const [post] = await nuts({ seed: 11 }).run(m, [m.flattenData({ y: d.y })], {});
    const ref = load('sblrc-blr.draws.json.gz');
    const p = post!;
    const names = ['beta[1]', 'beta[2]', 'beta[3]', 'beta[4]', 'beta[5]', 'sigma'];
    for (const [j, name] of names.entries()) compare(name, derived(p, (t) => t[j]!), ref[name]!);
    checkRhat(p);
  });
});
