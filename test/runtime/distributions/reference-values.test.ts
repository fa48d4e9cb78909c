/**
 * Every registered distribution against scipy's log densities, log CDFs and log CCDFs at chosen
 * points (test/fixtures/distributions/reference.json, written by make-reference.py beside it):
 * relative error ≤ 1e-10 (absolute where the value is near 0). One table-driven test, so a new
 * distribution is covered by adding its rows to the script.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distributions, getDistribution } from '../../../src/runtime/distributions/index.js';

interface Row { name: string; args: (number | number[] | number[][])[]; x: number | number[]; logDensity: number; lcdf?: number; lccdf?: number }

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/distributions/reference.json', import.meta.url), 'utf8')) as { rows: Row[] };
const TOL = 1e-10;

function close(got: number, want: number): boolean {
  return Math.abs(got - want) <= TOL * Math.max(1, Math.abs(want));
}

function shapeOf(v: number | number[] | number[][]): number[] {
  if (typeof v === 'number') return [];
  if (typeof v[0] === 'number') return [v.length];
  return [v.length, (v[0] as number[]).length];
}

function logDensityOf(row: Row): number {
  const d = getDistribution(row.name)!;
  if (d.kind === 'scalar') {
    const [a = 0, b = 0, c = 0] = row.args as number[];
    return d.logDensity(row.x as number, a, b, c);
  }
  const args = row.args.map((a) => Float64Array.from((typeof a === 'number' ? [a] : (a as (number | number[])[]).flat()) as number[]));
  const k = d.eventSize(row.args.map(shapeOf));
  return d.logDensity(Float64Array.from(row.x as number[]), args, k);
}

describe('log densities and CDFs match scipy', () => {
  it('covers every registered distribution', () => {
    const covered = new Set(fixture.rows.map((r) => r.name));
    expect([...covered].sort()).toEqual(Object.keys(distributions).sort());
  });

  it.each(fixture.rows.map((r) => [`${r.name}(${JSON.stringify(r.args)}) at ${JSON.stringify(r.x)}`, r] as const))('%s', (_label, row) => {
    const lp = logDensityOf(row);
    expect(close(lp, row.logDensity), `log density ${lp} vs scipy ${row.logDensity}`).toBe(true);
    const d = getDistribution(row.name)!;
    if (d.kind !== 'scalar') return;
    const [a = 0, b = 0, c = 0] = row.args as number[];
    const x = row.x as number;
    if (row.lcdf !== undefined && d.lcdf) expect(close(d.lcdf(x, a, b, c), row.lcdf), `lcdf ${d.lcdf(x, a, b, c)} vs ${row.lcdf}`).toBe(true);
    if (row.lccdf !== undefined && d.lccdf) expect(close(d.lccdf(x, a, b, c), row.lccdf), `lccdf ${d.lccdf(x, a, b, c)} vs ${row.lccdf}`).toBe(true);
  });

  it('the distributions with CDFs have reference CDF rows', () => {
    for (const d of Object.values(distributions)) {
      if (d.kind !== 'scalar' || !d.lcdf) continue;
      expect(fixture.rows.some((r) => r.name === d.name && r.lcdf !== undefined), d.name).toBe(true);
    }
  });
});
