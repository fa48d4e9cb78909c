/**
 * Stan's windowed metric adaptation (Stan Reference Manual, "HMC algorithm parameters"):
 * an initial fast interval (step size only, default 75 iterations), then slow windows of
 * doubling size (25, 50, 100, ...) in which the (co)variance of the draws is estimated, and a
 * terminal fast interval (50) where only the step size adapts to the final metric. If the
 * warmup is too short for 75 + 25 + 50, Stan's fallback 15% / 75% / 10% split is used.
 *
 * At each window end the metric becomes (n/(n+5))·Σ̂ + 1e-3·(5/(n+5))·I, shrinking the
 * estimate toward a small multiple of the identity when n is small (Stan's regularisation).
 */
export class WindowSchedule {
  private initBuffer: number;
  private termBuffer: number;
  private baseWindow: number;
  private windowCounter = 0;
  private windowSize: number;
  private nextWindow: number;
  readonly enabled: boolean;

  constructor(private readonly numWarmup: number, initBuffer = 75, termBuffer = 50, baseWindow = 25) {
    this.enabled = numWarmup >= 20;
    if (initBuffer + baseWindow + termBuffer > numWarmup) {
      initBuffer = Math.floor(0.15 * numWarmup);
      termBuffer = Math.floor(0.1 * numWarmup);
      baseWindow = numWarmup - (initBuffer + termBuffer);
    }
    this.initBuffer = initBuffer;
    this.termBuffer = termBuffer;
    this.baseWindow = baseWindow;
    this.windowSize = baseWindow;
    this.nextWindow = initBuffer + baseWindow - 1;
  }
  /** Is the current iteration inside a slow window (collect draws)? */
  inWindow(): boolean {
    const c = this.windowCounter;
    return this.enabled && c >= this.initBuffer && c < this.numWarmup - this.termBuffer && c !== this.numWarmup;
  }
  /** Does the current iteration close a slow window (update the metric)? */
  windowEnd(): boolean {
    return this.enabled && this.windowCounter === this.nextWindow && this.windowCounter !== this.numWarmup;
  }
  private computeNextWindow(): void {
    if (this.nextWindow === this.numWarmup - this.termBuffer - 1) return;
    this.windowSize *= 2;
    this.nextWindow = this.windowCounter + this.windowSize;
    if (this.nextWindow !== this.numWarmup - this.termBuffer - 1) {
      const nextBoundary = this.nextWindow + 2 * this.windowSize;
      if (nextBoundary >= this.numWarmup - this.termBuffer) this.nextWindow = this.numWarmup - this.termBuffer - 1;
    }
  }
  /**
   * Call once per warmup iteration with the new position; `estimator` collects inside windows.
   * Returns true when a window ended (caller then reads the estimator and resets step size).
   */
  step(add: () => void): boolean {
    if (this.inWindow()) add();
    if (this.windowEnd()) {
      this.computeNextWindow();
      this.windowCounter++;
      return true;
    }
    this.windowCounter++;
    return false;
  }
}

/** Welford running mean and variance per coordinate. */
export class VarianceEstimator {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  constructor(private readonly d: number) {
    this.mean = new Float64Array(d);
    this.m2 = new Float64Array(d);
  }
  add(q: Float64Array): void {
    this.n++;
    for (let i = 0; i < this.d; i++) {
      const delta = q[i]! - this.mean[i]!;
      this.mean[i] = this.mean[i]! + delta / this.n;
      this.m2[i] = this.m2[i]! + delta * (q[i]! - this.mean[i]!);
    }
  }
  /** Regularised inverse metric (Stan's var_adaptation), then restart. */
  regularised(): Float64Array {
    const n = this.n;
    const out = new Float64Array(this.d);
    for (let i = 0; i < this.d; i++) {
      const v = n > 1 ? this.m2[i]! / (n - 1) : 1;
      out[i] = (n / (n + 5)) * v + 1e-3 * (5 / (n + 5));
    }
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
    return out;
  }
}

/** Welford running covariance (row-major d×d). */
export class CovarianceEstimator {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly delta: Float64Array;
  constructor(private readonly d: number) {
    this.mean = new Float64Array(d);
    this.m2 = new Float64Array(d * d);
    this.delta = new Float64Array(d);
  }
  add(q: Float64Array): void {
    const d = this.d;
    this.n++;
    for (let i = 0; i < d; i++) {
      this.delta[i] = q[i]! - this.mean[i]!;
      this.mean[i] = this.mean[i]! + this.delta[i]! / this.n;
    }
    for (let i = 0; i < d; i++) {
      const after = q[i]! - this.mean[i]!;
      for (let j = 0; j < d; j++) this.m2[i * d + j] = this.m2[i * d + j]! + after * this.delta[j]!;
    }
  }
  /** Current covariance estimate (unbiased), no regularisation; null with < 2 points. */
  covariance(): Float64Array | null {
    if (this.n < 2) return null;
    return this.m2.map((v) => v / (this.n - 1));
  }
  count(): number {
    return this.n;
  }
  /** Regularised inverse metric (Stan's covar_adaptation), then restart. */
  regularised(): Float64Array {
    const d = this.d;
    const n = this.n;
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const c = n > 1 ? this.m2[i * d + j]! / (n - 1) : i === j ? 1 : 0;
        out[i * d + j] = (n / (n + 5)) * c + (i === j ? 1e-3 * (5 / (n + 5)) : 0);
      }
    }
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
    return out;
  }
}
