/**
 * Elementwise functions known to the code generator: the JavaScript for the value and for its
 * derivative. `a` is the argument's expression and `y` the already computed value, so
 * derivatives reuse the forward result where that is cheaper (exp, tanh, logistic, sqrt).
 * `R` is the autodiff runtime (src/runtime/autodiff/index.ts) for the special functions.
 */
export interface ElemFn {
  value: (a: string) => string;
  deriv: (a: string, y: string) => string;
}

export const ELEMENTWISE: Record<string, ElemFn> = {
  exp: { value: (a) => `Math.exp(${a})`, deriv: (_a, y) => y },
  log: { value: (a) => `Math.log(${a})`, deriv: (a) => `1 / ${a}` },
  log1p: { value: (a) => `Math.log1p(${a})`, deriv: (a) => `1 / (1 + ${a})` },
  expm1: { value: (a) => `Math.expm1(${a})`, deriv: (_a, y) => `(${y} + 1)` },
  sqrt: { value: (a) => `Math.sqrt(${a})`, deriv: (_a, y) => `0.5 / ${y}` },
  abs: { value: (a) => `Math.abs(${a})`, deriv: (a) => `Math.sign(${a})` },
  sin: { value: (a) => `Math.sin(${a})`, deriv: (a) => `Math.cos(${a})` },
  cos: { value: (a) => `Math.cos(${a})`, deriv: (a) => `-Math.sin(${a})` },
  tan: { value: (a) => `Math.tan(${a})`, deriv: (_a, y) => `(1 + ${y} * ${y})` },
  tanh: { value: (a) => `Math.tanh(${a})`, deriv: (_a, y) => `(1 - ${y} * ${y})` },
  logistic: { value: (a) => `R.logistic(${a})`, deriv: (_a, y) => `${y} * (1 - ${y})` },
  logit: { value: (a) => `Math.log(${a} / (1 - ${a}))`, deriv: (a) => `1 / (${a} * (1 - ${a}))` },
  softplus: { value: (a) => `R.log1pExp(${a})`, deriv: (a) => `R.logistic(${a})` },
  erf: { value: (a) => `R.erf(${a})`, deriv: (a) => `1.1283791670955126 * Math.exp(-${a} * ${a})` },
  Phi: { value: (a) => `R.Phi(${a})`, deriv: (a) => `0.3989422804014327 * Math.exp(-0.5 * ${a} * ${a})` },
  lgamma: { value: (a) => `R.lgamma(${a})`, deriv: (a) => `R.digamma(${a})` },
  square: { value: (a) => `(${a} * ${a})`, deriv: (a) => `2 * ${a}` },
  inv: { value: (a) => `(1 / ${a})`, deriv: (_a, y) => `-${y} * ${y}` },
};

/** DSL names that are spellings of another elementwise function. */
export const ALIASES: Record<string, string> = {
  inv_logit: 'logistic',
  log1p_exp: 'softplus',
  fabs: 'abs',
};
