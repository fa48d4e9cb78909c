/**
 * Every shipped example passes the model-semantics properties a user would run with
 * amortize/testing: bijector round trips, finite densities in the support, gradients equal to
 * finite differences, and the simulator agreeing with the density (score identities).
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { assertModelProperties, type ModelPropertiesOptions } from '../../src/testing/index.js';
import type { LangModel } from '../../src/lang/dsl.js';
import coin, { data as coinData } from '../../examples/coin.js';
import eightSchools, { data as eightSchoolsData } from '../../examples/eight-schools.js';
import kidiq, { data as kidiqData } from '../../examples/kidiq.js';
import blr, { data as blrData } from '../../examples/blr.js';
import gaussianLinear, { data as gaussianLinearData } from '../../examples/gaussian-linear.js';
import slcp, { data as slcpData } from '../../examples/slcp.js';
import twoMoons, { data as twoMoonsData } from '../../examples/two-moons.js';
import { spatialGp, spatialGpSimulator } from '../../examples/spatial-gp/model.js';

const posteriordb = new URL('../../../shared/reference/posteriordb/', import.meta.url);
const hasPosteriordb = existsSync(posteriordb);
if (!hasPosteriordb) console.warn(`posteriordb data not found at ${posteriordb.pathname}: kidiq and blr property tests skipped`);

type DataSource = Record<string, unknown> | (() => Promise<Record<string, unknown>>);

async function compiled(model: LangModel, source: DataSource) {
  const values = typeof source === 'function' ? await source() : source;
  return model.compile(model.splitData(values).inputs);
}

// slcp's sds are θ3² and θ4²: at θ3 = 0 or θ4 = 0 its normal is degenerate, as in sbibm, and near
// there (sd < 0.0025 against data of order 1) log-densities of −1e5 defeat finite differences.
const slcpDegenerate = (theta: Float64Array) => Math.abs(theta[2]!) < 0.05 || Math.abs(theta[3]!) < 0.05;

const cases: [string, LangModel, DataSource, boolean, ModelPropertiesOptions?][] = [
  ['coin', coin, coinData, true],
  ['eight schools', eightSchools, eightSchoolsData, true],
  ['kidiq', kidiq, kidiqData, hasPosteriordb],
  ['blr', blr, blrData, hasPosteriordb],
  ['gaussian_linear', gaussianLinear, gaussianLinearData, true],
  ['slcp', slcp, slcpData, true, { degenerate: slcpDegenerate }],
  ['two_moons (simulator only)', twoMoons, twoMoonsData, true],
];

describe('examples satisfy the model-semantics properties', () => {
  for (const [name, model, data, available, extra] of cases) {
    it.skipIf(!available)(name, async () => {
      assertModelProperties(await compiled(model, data), { numRuns: 25, seed: 11, ...extra });
    });
  }

  // A 256 × 256 Cholesky per likelihood: fewer draws, and the data-score identity on 8 of the cells.
  it('spatial GP, exact density', () => {
    assertModelProperties(spatialGp.compile({}), { numRuns: 5, seed: 11, simulator: { draws: 400, dataCoordinates: 8 } });
  });

  it('spatial GP, circulant-embedding simulator', () => {
    assertModelProperties(spatialGpSimulator.compile({}), { numRuns: 25, seed: 11, simulator: { draws: 2000 } });
  });
});
