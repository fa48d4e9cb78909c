import { describe, expect, it } from 'vitest';
import { ProgressBars, formatProgress } from '../../src/cli/progress.js';

describe('progress bars', () => {
  it('show epoch, loss, validation loss and ETA while training', () => {
    const line = formatProgress({ phase: 'train', done: 45, total: 100, metrics: { epoch: 45, loss: 1.23456, valLoss: 1.301 } }, 9);
    expect(line).toContain('training');
    expect(line).toContain('45/100');
    expect(line).toContain('epoch 45');
    expect(line).toContain('loss 1.235');
    expect(line).toContain('val loss 1.301');
    expect(line).toContain('ETA 11s'); // 9 s for 45 → 11 s for the remaining 55
    expect(line).toMatch(/\[#{9}-{11}\]/);
  });

  it('use the backend ETA when it gives one and say when a phase is done', () => {
    expect(formatProgress({ phase: 'simulate', done: 10, total: 100, etaSeconds: 125 }, 1)).toContain('ETA 2m05s');
    expect(formatProgress({ phase: 'sample', done: 8000, total: 8000 }, 3.2)).toContain('done in 3s');
  });

  it('draw on a terminal, one line per phase, warmup and sampling sharing one', () => {
    const written: string[] = [];
    let t = 0;
    const bars = new ProgressBars({ write: (s: string) => written.push(s), isTTY: true, columns: 120 }, true, () => (t += 200));
    bars.onProgress({ phase: 'warmup', done: 10, total: 100, metrics: { chain: 1 } });
    bars.onProgress({ phase: 'sample', done: 100, total: 100, metrics: { chain: 1 } });
    bars.onProgress({ phase: 'train', done: 1, total: 5, metrics: { loss: 2 } });
    bars.finish();
    const text = written.join('');
    expect(text).toContain('\rwarmup');
    expect(text).toContain('\rsampling');
    expect(text.split('\n')).toHaveLength(3); // sampling line, training line, final newline
  });

  it('stay silent when stderr is not a terminal, or with --quiet / --json', () => {
    const written: string[] = [];
    const stream = { write: (s: string) => written.push(s), isTTY: false };
    const bars = ProgressBars.for(stream, {});
    bars.onProgress({ phase: 'train', done: 1, total: 2 });
    bars.finish();
    ProgressBars.for({ ...stream, isTTY: true }, { quiet: true }).onProgress({ phase: 'train', done: 1, total: 2 });
    ProgressBars.for({ ...stream, isTTY: true }, { json: true }).onProgress({ phase: 'train', done: 1, total: 2 });
    expect(written).toEqual([]);
  });
});
