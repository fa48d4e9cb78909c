/**
 * Training curves of an amortized backend: loss and validation loss per epoch. Validation loss
 * rising while training loss falls is overfitting (simulate more); both flat and high is
 * underfitting (train longer or use a bigger network).
 */
import { type VegaLiteSpec, n, q, topLevel } from './spec.js';

export interface TrainingHistory {
  /** Training loss per epoch. */
  loss: ArrayLike<number>;
  /** Validation loss per epoch, if there was a validation set. */
  valLoss?: ArrayLike<number>;
  /** Epoch numbers (default 1, 2, ...). */
  epochs?: ArrayLike<number>;
}

export function trainingSpec(history: TrainingHistory, options: { title?: string; logScale?: boolean } = {}): VegaLiteSpec {
  const rows: Record<string, unknown>[] = [];
  const epoch = (i: number): number => history.epochs?.[i] ?? i + 1;
  for (let i = 0; i < history.loss.length; i++) if (Number.isFinite(history.loss[i]!)) rows.push({ epoch: epoch(i), loss: history.loss[i]!, series: 'training' });
  if (history.valLoss) {
    for (let i = 0; i < history.valLoss.length; i++) if (Number.isFinite(history.valLoss[i]!)) rows.push({ epoch: epoch(i), loss: history.valLoss[i]!, series: 'validation' });
  }
  // Log scale only when every loss is positive (negative log-likelihood losses often are not).
  const log = (options.logScale ?? false) && rows.every((r) => (r.loss as number) > 0);
  let best: Record<string, unknown> | undefined;
  for (const r of rows) if (r.series === 'validation' && (best === undefined || (r.loss as number) < (best.loss as number))) best = r;
  const layer: VegaLiteSpec[] = [{
    mark: { type: 'line', point: rows.length <= 60 },
    encoding: {
      x: q('epoch', 'epoch'),
      y: q('loss', 'loss', { scale: { zero: false, ...(log ? { type: 'log' } : {}) } }),
      color: n('series', null, { scale: { domain: ['training', 'validation'], range: ['#4c78a8', '#f58518'] } }),
    },
  }];
  if (best) {
    layer.push({ data: { values: [best] }, mark: { type: 'point', shape: 'diamond', size: 140, color: '#f58518', filled: true }, encoding: { x: q('epoch'), y: q('loss') } });
  }
  return topLevel(options.title ?? 'Training curves', { width: 480, height: 260, data: { values: rows }, layer }, best ? `best validation loss ${(best.loss as number).toPrecision(4)} at epoch ${best.epoch}` : undefined);
}
