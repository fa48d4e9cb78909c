/**
 * The three sbibm tasks as amortize models (examples/), and how sbibm's flat observation row maps
 * to each model's named data.
 */
import type { Model } from '../../src/lang/model.js';
import { twoMoons } from '../../examples/two-moons.js';
import { gaussianLinear } from '../../examples/gaussian-linear.js';
import { slcp } from '../../examples/slcp.js';

export interface SbibmTask {
  name: string;
  model: Model;
  /** sbibm's row data_1..data_D → the model's data object. */
  toData(row: number[]): Record<string, unknown>;
}

export const TASKS: SbibmTask[] = [
  { name: 'two_moons', model: twoMoons, toData: (x) => ({ x }) },
  { name: 'gaussian_linear', model: gaussianLinear, toData: (x) => ({ x }) },
  {
    name: 'slcp',
    model: slcp,
    // sbibm interleaves the four 2-D draws: data_1 = xa[1], data_2 = xb[1], data_3 = xa[2], ...
    toData: (x) => ({ xa: [x[0], x[2], x[4], x[6]], xb: [x[1], x[3], x[5], x[7]] }),
  },
];
