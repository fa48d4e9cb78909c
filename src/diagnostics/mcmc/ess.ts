/**
 * Effective sample size (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021, §3.2; the same
 * estimator as Stan and the R package `posterior`).
 *
 * Multi-chain autocorrelation ρ̂_t = 1 − (W − mean_m γ̂_{m,t}) / var⁺ combines within-chain
 * autocovariances with the between-chain variance, so chains that disagree lower the ESS.
 * The sum of ρ̂ is truncated with Geyer's (1992) initial positive sequence (pairs ρ̂_{2k}+ρ̂_{2k+1}
 * summed while positive) and made monotone (initial monotone sequence); τ̂ is floored at
 * 1/log10(S) so the ESS never exceeds S·log10(S) for antithetic chains.
 *
 * - essBasic: on the raw draws (used for the MCSE of the mean).
 * - essBulk:  on split, rank-normalised draws.
 * - essTail:  min of the quantile ESS at 5% and 95% (ESS of the indicator I(x ≤ q̂)).
 */
import { autocovariance } from './autocovariance.js';
import { type Chains, indicator, isConstant, pooledQuantile, rankNormalize, splitChains } from './chains.js';

/**
 * Lags computed by direct sums before switching to the FFT: Geyer's sequence usually stops within
 * a few lags for a mixing chain, so m·n·(lags) multiply-adds beat 2m FFTs of length ≥ 2n. Past this
 * many lags the FFT (O(n log n) for all lags) takes over; both give the same γ̂_t up to rounding.
 */
const DIRECT_LAGS = 48;

/** Mean over chains of the within-chain autocovariance γ̂_t, lags computed on demand. */
function meanAutocovariance(chains: Chains, n: number): (t: number) => number {
  const m = chains.length;
  const centred = chains.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i]!;
    const mean = s / n;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[i]! - mean;
    return out;
  });
  let fftMean: Float64Array | null = null;
  return (t: number): number => {
    if (t >= n) return 0;
    if (fftMean === null && t < DIRECT_LAGS) {
      let s = 0;
      for (const x of centred) {
        let a = 0;
        for (let i = 0; i + t < n; i++) a += x[i]! * x[i + t]!;
        s += a / n;
      }
      return s / m;
    }
    if (fftMean === null) {
      fftMean = new Float64Array(n);
      for (const x of centred) {
        const a = autocovariance(x);
        for (let k = 0; k < n; k++) fftMean[k] = fftMean[k]! + a[k]! / m;
      }
    }
    return fftMean[t]!;
  };
}

/** ESS of chains taken as they are (no splitting, no transformation). */
export function essRaw(chains: Chains): number {
  const m = chains.length;
  const n = Math.min(...chains.map((c) => c.length));
  if (m === 0 || n < 4) return NaN;
  if (isConstant(chains)) return NaN;
  const meanAcov = meanAutocovariance(chains, n);
  const chainMean = chains.map((c) => { let s = 0; for (let i = 0; i < n; i++) s += c[i]!; return s / n; });
  // W: mean of within-chain variances (unbiased, n − 1).
  const meanVar = (meanAcov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chainMean);
  const rho = new Float64Array(n);
  let t = 0;
  let rhoEven = 1;
  rho[0] = rhoEven;
  let rhoOdd = 1 - (meanVar - meanAcov(1)) / varPlus;
  rho[1] = rhoOdd;
  // Initial positive sequence: stop at the first pair whose sum is not positive.
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = 1 - (meanVar - meanAcov(t)) / varPlus;
    rhoOdd = 1 - (meanVar - meanAcov(t + 1)) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  // The improved estimate keeps the last even term when it is positive.
  if (rhoEven > 0) rho[maxT] = rhoEven;
  // Initial monotone sequence: pair sums may not increase.
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t]! + rho[t + 1]! > rho[t - 2]! + rho[t - 1]!) {
      rho[t] = (rho[t - 2]! + rho[t - 1]!) / 2;
      rho[t + 1] = rho[t]!;
    }
  }
  const S = m * n;
  let sum = 0;
  for (let i = 0; i < maxT; i++) sum += rho[i]!;
  let tau = -1 + 2 * sum + rho[maxT]!;
  tau = Math.max(tau, 1 / Math.log10(S));
  return S / tau;
}

/** ESS of the draws after splitting chains in half (Stan's ess_basic). */
export function essBasic(chains: Chains): number {
  return essRaw(splitChains(chains));
}

/** Bulk ESS: split chains, rank-normalised. */
export function essBulk(chains: Chains): number {
  if (isConstant(chains)) return NaN;
  return essRaw(rankNormalize(splitChains(chains)));
}

/** ESS for the q-quantile: ESS of the split indicator I(x ≤ q̂). */
export function essQuantile(chains: Chains, q: number): number {
  if (isConstant(chains)) return NaN;
  const threshold = pooledQuantile(chains, q);
  return essRaw(splitChains(indicator(chains, threshold)));
}

/** Tail ESS: the smaller of the 5% and 95% quantile ESS. */
export function essTail(chains: Chains): number {
  return Math.min(essQuantile(chains, 0.05), essQuantile(chains, 0.95));
}

function variance(xs: number[]): number {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  return xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
}
