/**
 * An inline template for the normal log density and its gradient: the one density that sits in
 * the innermost loop of most models (regression likelihoods, non-centred priors), where a
 * call through the registry's `logDensityGrad` (zeroing, re-validation, a second evaluation)
 * costs more than the arithmetic. It reproduces runtime/distributions/normal.ts exactly, including
 * -Infinity for an invalid scale or a non-finite x or location (and then no gradient), and
 * test/compile/inline-normal.test.ts checks it against that implementation. Other
 * distributions are always called through the registry.
 */
import { num } from './context.js';

const HALF_LOG_2PI = 0.9189385332046727;

/** `log(sigma)` as a literal when sigma is a literal, else a Math.log call. */
function logOf(sigma: string): string {
  const v = Number(sigma.replace(/^\((.*)\)$/, '$1'));
  return sigma.trim() !== '' && Number.isFinite(v) && v > 0 ? num(Math.log(v)) : `Math.log(_s)`;
}

/**
 * Statements adding log N(x | mu, sigma) to `lp`; with `adj` given, also adds the derivatives
 * w.r.t. x, mu and sigma via adj(k, expr) (k = 0, 1, 2), which returns '' for inactive ones.
 */
export function inlineNormal(x: string, mu: string, sigma: string, adj?: (k: number, expr: string) => string): string {
  const head = `const _s = ${sigma}, _z = (${x} - ${mu}) / _s;`;
  const ok = `_s > 0 && _s < Infinity && _z - _z === 0`;
  const lp = `lp += ${num(-HALF_LOG_2PI)} - ${logOf(sigma)} - 0.5 * _z * _z;`;
  if (!adj) return `{ ${head} if (${ok}) { ${lp} } else lp = -Infinity; }`;
  const g = [adj(0, '-_d'), adj(1, '_d'), adj(2, '(_z * _z - 1) / _s')].join(' ');
  return `{ ${head} if (${ok}) { ${lp} const _d = _z / _s; ${g} } else lp = -Infinity; }`;
}
