/**
 * The rules every amortized backend shares through the core: an untrained backend value given to
 * `infer` trains first and says so (progress event and posterior warning) and reuses what it
 * trained; a trained estimator refuses data of another model.
 */
import { describe, expect, it } from 'vitest';
import { infer } from '../../src/backends/infer.js';
import { InferenceError } from '../../src/lang/errors.js';
import { nbe } from '../../src/backends/nbe/index.js';
import type { ProgressEvent } from '../../src/backends/backend.js';
import { coin, normalNormal } from './models.js';

describe('infer with an untrained amortized backend', () => {
  it('trains first, says so, and reuses the trained estimator', async () => {
    const backend = nbe({ simulations: 600, epochs: 3 });
    const events: ProgressEvent[] = [];
    const post = await infer(normalNormal, { y: [0, 1, 0, 1, 0] }, backend, { seed: 1, onProgress: (e) => events.push(e) });
    const said = events.find((e) => e.message !== undefined);
    expect(said?.message).toMatch(/nbe: untrained backend given to infer: training it first on 600 simulations/);
    expect(events.some((e) => e.phase === 'simulate')).toBe(true);
    expect(events.some((e) => e.phase === 'train' && e.metrics?.['loss'] !== undefined)).toBe(true);
    expect(post.warnings.join('\n')).toMatch(/training it first/);
    expect(Number.isFinite(post.mean('mu'))).toBe(true);

    const again: ProgressEvent[] = [];
    const post2 = await infer(normalNormal, { y: [0, 1, 0, 1, 0] }, backend, { onProgress: (e) => again.push(e) });
    expect(again.every((e) => e.phase === 'infer')).toBe(true);
    expect(post2.mean()).toEqual(post.mean());
  }, 60_000);

  it('a trained estimator refuses another model with an InferenceError', async () => {
    const est = await nbe({ simulations: 300, epochs: 1 }).train(normalNormal, { seed: 1 });
    const run = infer(coin, { n: 10, heads: 4 }, est);
    await expect(run).rejects.toBeInstanceOf(InferenceError);
    await expect(infer(coin, { n: 10, heads: 4 }, est)).rejects.toThrow(/trained on a different model or inputs/);
  }, 60_000);
});
