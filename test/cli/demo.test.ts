/** `amortize demo` (the README's first command): answers next to the exact ones, in well under a minute. */
import { describe, expect, it } from 'vitest';
import { DEMO_STEPS, type DemoStep, demoCommand } from '../../src/cli/commands/demo.js';
import { memoryIO } from '../../src/cli/io.js';
import { parseCommandLine } from '../../src/cli/args.js';
import { REGISTRY } from '../../src/cli/backends.js';
import { cli } from './helpers.js';

describe('amortize demo', () => {
  it('prints the coin, eight-schools and amortized NPE answers next to the exact/reference ones', async () => {
    const r = await cli(['demo', '--json', '--seed', '7']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.steps).toHaveLength(DEMO_STEPS.length);
    const [coin, schools, amortized] = doc.steps;
    expect(coin.result.columns).toEqual(['NUTS', 'exact']);
    for (const { name, values: [ours, exact] } of coin.result.rows) expect(Math.abs(ours - exact), name).toBeLessThan(0.03);
    expect(schools.result.columns).toEqual(['NUTS', 'posteriordb']);
    const muMean = schools.result.rows.find((r: { name: string }) => r.name === 'mu mean');
    expect(Math.abs(muMean.values[0] - muMean.values[1])).toBeLessThan(0.6);
    expect(amortized.result.columns).toEqual(['NPE', 'exact']);
    for (const { name, values: [ours, exact] } of amortized.result.rows) expect(Math.abs(ours - exact), name).toBeLessThan(0.06);
    expect(amortized.result.note).toMatch(/110 posteriors in/);
  }, 120_000);

  it('is a list of steps: a new step is one entry', async () => {
    const step: DemoStep = {
      title: 'a stub step',
      description: 'two numbers',
      run: async () => ({ columns: ['ours', 'exact'], rows: [{ name: 'x', values: [1.0004, 1] }], note: 'fast' }),
    };
    const io = memoryIO();
    const code = await demoCommand({ line: parseCommandLine(['demo', '--quiet']), io, registry: REGISTRY }, [step]);
    expect(code).toBe(0);
    expect(io.out()).toContain('[1/1] a stub step');
    expect(io.out()).toMatch(/x\s+1\.000\s+1\.000/);
    expect(io.out()).toContain('fast');
  });
});
