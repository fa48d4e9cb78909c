/**
 * The example model files: each exports a model and its data, and the ones that restate a
 * benchmark do so exactly (SLCP's scalar factorisation, two moons' crescent, AMORTIZE_DATA).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isModel } from '../../src/cli/load-model.js';
import { createRng } from '../../src/runtime/rng.js';
import { hasPosteriordb } from '../../examples/reference-data.js';

// kidiq and blr read their data from posteriordb: without ../shared/reference they are skipped.
const EXAMPLES = ['coin', 'eight-schools', 'gaussian-linear', 'two-moons', 'slcp', ...(hasPosteriordb ? ['kidiq', 'blr'] : [])];
if (!hasPosteriordb) console.warn('posteriordb reference data absent: the kidiq and blr examples are not loaded');

describe('examples/', () => {
  afterEach(() => { delete process.env.AMORTIZE_DATA; });

  it('every example exports a model (default) and data that validate against it', async () => {
    for (const name of EXAMPLES) {
      const mod = await import(`../../examples/${name}.ts`);
      expect(isModel(mod.default), name).toBe(true);
      const data = typeof mod.data === 'function' ? await mod.data() : mod.data;
      const { inputs, data: observed } = mod.default.splitData(data);
      const compiled = mod.default.compile(inputs);
      expect(compiled.flattenData(observed).length, name).toBe(compiled.dataDim);
    }
  });

  it('without the data, the error says where to get it and how to point at it', async () => {
    const { data } = await import('../../examples/kidiq.js');
    process.env.AMORTIZE_DATA = join(tmpdir(), 'amortize-no-such-folder', 'kidiq.data.json');
    await expect(data()).rejects.toThrow(/kidiq\.data\.json was not found at .*posteriordb.*set AMORTIZE_DATA/);
  });

  it('kidiq reads its data from AMORTIZE_DATA (a file or a directory) when set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amortize-data-'));
    const small = { N: 3, kid_score: [90, 100, 110], mom_iq: [90, 100, 110], mom_hs: [0, 1, 1] };
    await writeFile(join(dir, 'kidiq.data.json'), JSON.stringify(small));
    const { data } = await import('../../examples/kidiq.js');
    process.env.AMORTIZE_DATA = dir;
    expect(await data()).toEqual({ N: 3, kid_score: small.kid_score, mom_iq: small.mom_iq });
    process.env.AMORTIZE_DATA = join(dir, 'kidiq.data.json');
    expect((await data()).N).toBe(3);
  });

  it('slcp: the scalar factorisation equals four bivariate normal densities', async () => {
    const { default: slcp } = await import('../../examples/slcp.js');
    const m = slcp.compile();
    const theta = Float64Array.of(0.7, -1.2, 1.3, -0.9, 0.6);
    const [m1, m2, s1, s2, rho] = [theta[0]!, theta[1]!, theta[2]! ** 2, theta[3]! ** 2, Math.tanh(theta[4]!)];
    const pairs = [[1.1, -0.4], [0.2, -2.0], [2.5, -1.1], [-0.3, -0.8]];
    let expected = 0;
    for (const [a, b] of pairs) {
      const za = (a! - m1) / s1, zb = (b! - m2) / s2;
      expected += -Math.log(2 * Math.PI * s1 * s2 * Math.sqrt(1 - rho * rho)) - (za * za - 2 * rho * za * zb + zb * zb) / (2 * (1 - rho * rho));
    }
    const x = m.flattenData({ xa: pairs.map((p) => p[0]), xb: pairs.map((p) => p[1]) });
    expect(m.logLikelihood(m.toUnconstrained(theta), x)).toBeCloseTo(expected, 10);
  });

  it('two moons: at θ = 0 the data lie on a half circle of radius ~0.1 around (0.25, 0)', async () => {
    const { default: twoMoons } = await import('../../examples/two-moons.js');
    const m = twoMoons.compile();
    expect(m.hasLikelihood).toBe(false);
    const n = 2000;
    const theta = new Float64Array(2 * n);
    const x = m.simulateData(theta, n, createRng(1));
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const dx = x[2 * i]! - 0.25, dy = x[2 * i + 1]!;
      expect(dx).toBeGreaterThanOrEqual(-1e-3); // cos a ≥ 0 for a in (-π/2, π/2)
      sum += Math.hypot(dx, dy);
    }
    expect(sum / n).toBeCloseTo(0.1, 2);
  });
});
