/**
 * The steps of `amortize demo`, in order: exact-likelihood MCMC on two known posteriors, then
 * amortized inference. To add one, write it as a DemoStep in its own file here and append it.
 */
import { coinStep } from './coin.js';
import { eightSchoolsStep } from './eight-schools.js';
import { npeCoinStep } from './npe-coin.js';
import type { DemoStep } from './step.js';

export const DEMO_STEPS: DemoStep[] = [coinStep, eightSchoolsStep, npeCoinStep];
