/**
 * Progress bars drawn from backends' ProgressEvents on stderr.
 *
 * One line per phase (simulate, train, warmup, sample, ...), redrawn in place with `\r` at most
 * ten times a second so a fast sampler is not slowed down by the terminal. Off when stderr is not
 * a terminal (logs and pipes stay clean) or with --quiet/--json.
 */
import type { ProgressEvent } from '../backends/backend.js';
import type { OutStream } from './io.js';

const PHASE_LABEL: Record<ProgressEvent['phase'], string> = {
  simulate: 'simulating',
  train: 'training',
  warmup: 'warmup',
  sample: 'sampling',
  infer: 'inferring',
  calibrate: 'calibrating',
};

/** Metrics worth a short name on the bar; anything else is shown under its own name. */
const METRIC_LABEL: Record<string, string> = {
  loss: 'loss',
  valLoss: 'val loss',
  val_loss: 'val loss',
  validationLoss: 'val loss',
  epoch: 'epoch',
  chain: 'chain',
  stepSize: 'step',
  simsPerSecond: 'sims/s',
  simsPerSec: 'sims/s',
  stepsPerSec: 'steps/s',
  learningRate: 'lr',
};

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

function formatMetric(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000 && a < 1e9) return String(Math.round(v)); // rates: 26320, not 2.632e+4
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : v.toPrecision(4);
}

/**
 * One bar as text: `training   [#########-----------]  45/100 epoch 45  loss 1.234  val loss 1.301  ETA 12s`.
 * `elapsed` (seconds since the phase started) gives an ETA when the event has none.
 */
/**
 * Metrics not worth the space on an 80-column line: which chain reported last flips constantly
 * when chains run in parallel; learning rate and steps/s crowd out the ETA.
 */
const HIDDEN = new Set(['chain', 'learningRate', 'stepsPerSec']);

export function formatProgress(event: ProgressEvent, elapsed: number, width = 20): string {
  const frac = event.total > 0 ? Math.min(1, Math.max(0, event.done / event.total)) : 0;
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const unit = event.phase === 'train' && !event.metrics?.epoch ? 'epoch ' : '';
  const parts = [`${PHASE_LABEL[event.phase] ?? event.phase}`.padEnd(11) + bar, `${unit}${event.done}/${event.total}`];
  for (const [k, v] of Object.entries(event.metrics ?? {})) if (!HIDDEN.has(k)) parts.push(`${METRIC_LABEL[k] ?? k} ${formatMetric(v)}`);
  const eta = event.etaSeconds ?? (event.done > 0 && event.done < event.total ? (elapsed * (event.total - event.done)) / event.done : undefined);
  if (event.done >= event.total && event.total > 0) parts.push(`done in ${formatSeconds(elapsed)}`);
  else if (eta !== undefined) parts.push(`ETA ${formatSeconds(eta)}`);
  if (event.message) parts.push(event.message);
  return parts.join('  ');
}

export class ProgressBars {
  private phase: string | null = null;
  private phaseStart = 0;
  private lastDraw = 0;
  private lastLine = '';
  private pending: ProgressEvent | null = null;

  constructor(
    private readonly stream: OutStream,
    private readonly enabled: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Enabled only on a terminal and when the user did not ask for silence. */
  static for(stream: OutStream, options: { quiet?: boolean; json?: boolean }): ProgressBars {
    return new ProgressBars(stream, Boolean(stream.isTTY) && !options.quiet && !options.json);
  }

  /** The callback to hand to a backend as `onProgress`. */
  readonly onProgress = (event: ProgressEvent): void => {
    if (!this.enabled) return;
    const t = this.now();
    // Warmup and sampling share one bar: chains report them interleaved, and `done` counts both.
    const group = event.phase === 'warmup' ? 'sample' : event.phase;
    if (group !== this.phase) {
      this.flushPending();
      if (this.phase !== null) this.stream.write('\n');
      this.phase = group;
      this.phaseStart = t;
      this.lastDraw = 0;
    }
    const final = event.total > 0 && event.done >= event.total;
    if (!final && t - this.lastDraw < 100) {
      this.pending = event; // drawn on the next tick or when the phase ends
      return;
    }
    this.draw(event, t);
  };

  private draw(event: ProgressEvent, t: number): void {
    this.pending = null;
    this.lastDraw = t;
    const columns = this.stream.columns || 100; // 0 when the terminal size is unknown
    let line = formatProgress(event, (t - this.phaseStart) / 1000);
    if (line.length > columns - 1) line = line.slice(0, columns - 1);
    // Pad over the previous line's tail rather than clearing with escape codes (works everywhere).
    this.stream.write(`\r${line.padEnd(this.lastLine.length)}`);
    this.lastLine = line;
  }

  private flushPending(): void {
    if (this.pending) this.draw(this.pending, this.now());
  }

  /** End the current line (call once the backend returns, and before printing results). */
  finish(): void {
    if (!this.enabled || this.phase === null) return;
    this.flushPending();
    this.stream.write('\n');
    this.phase = null;
    this.lastLine = '';
  }
}
