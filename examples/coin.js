/**
 * Coin flips: how biased is a coin that came up heads 7 times in 10?
 * Beta(1, 1) prior, binomial likelihood; the posterior is exactly Beta(1 + 7, 1 + 3).
 *
 *   npx amortize run examples/coin.ts
 */
import { model } from '../src/lang/dsl.js';
export const coin = model `
  input n: int
  param p ~ beta(1, 1)
  data heads: int ~ binomial(n, p)
`;
export default coin;
export const data = { n: 10, heads: 7 };
/** The exact posterior mean 8 / 12, drawn as a rule on plots. */
export const reference = { p: 8 / 12 };
//# sourceMappingURL=coin.js.map