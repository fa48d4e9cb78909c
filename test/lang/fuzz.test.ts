/**
 * Parsing + checking only ever throws ModelError, whatever the source and interpolated values:
 * valid models mutated by characters and by tokens, and random token soup.
 * Also: every reported location lies inside the source.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sourceToIR } from '../../src/lang/to-ir.js';
import { checkModel } from '../../src/lang/checks/index.js';
import { ModelError } from '../../src/lang/errors.js';
import { validSources } from './examples.js';

const vocabulary = [
  'input', 'param', 'latent', 'let', 'data', 'real', 'int', 'vector', 'matrix', 'n', 'x', 'mu', 'sigma', 'pi', 'e',
  'normal', 'beta', 'binomial', 'half_cauchy', 'multi_normal', 'dirichlet', 'exp', 'zeros', 'rep_vector', 'sum', 'dot',
  '0', '1', '2.5', '1e-3', '1e999', '256', '${0}', '${1}', '${2}', '${9}', '${', '$',
  '+', '-', '*', '/', '^', '.*', './', '<', '<=', '>', '>=', '==', '!=', '&&', '||', '!', '?', ':', '~', '=', ',',
  '(', ')', '[', ']', ';', '\n', ' ', '//', '/*', '*/', '"', '@', '#', '{', '}', '\\', '`', '\u00e9', '\u0000',
];

/** Interpolated values of every awkward kind. */
const values = [
  (rng: unknown, a: unknown) => [rng, a], 3, [1, 2, 3], [[1, 2], [3, 4]], Number.NaN, Number.POSITIVE_INFINITY, {},
  'text', null, undefined, [[1], [2, 3]], [], new Float64Array([1, 2]), 10n, Symbol('s'), [1, 'a'], -2, 0.5, [[]],
];

const tokenPattern = /\s+|[A-Za-z_]\w*|\d+(?:\.\d+)?(?:e-?\d+)?|\$\{\d+\}|\.\*|\.\/|<=|>=|==|!=|&&|\|\||[\s\S]/g;

type Mutation = { kind: 'delete' | 'insert' | 'swap' | 'tokenDelete' | 'tokenInsert' | 'tokenSwap' | 'tokenDup'; at: number; at2: number; token: string };

function mutate(source: string, m: Mutation): string {
  const chars = [...source];
  const tokens = source.match(tokenPattern) ?? [];
  const i = m.at % Math.max(1, chars.length);
  const j = m.at2 % Math.max(1, chars.length);
  const ti = m.at % Math.max(1, tokens.length);
  const tj = m.at2 % Math.max(1, tokens.length);
  switch (m.kind) {
    case 'delete': chars.splice(i, 1); return chars.join('');
    case 'insert': chars.splice(i, 0, m.token); return chars.join('');
    case 'swap': [chars[i], chars[j]] = [chars[j]!, chars[i]!]; return chars.join('');
    case 'tokenDelete': tokens.splice(ti, 1); return tokens.join('');
    case 'tokenInsert': tokens.splice(ti, 0, m.token); return tokens.join('');
    case 'tokenSwap': [tokens[ti], tokens[tj]] = [tokens[tj]!, tokens[ti]!]; return tokens.join('');
    case 'tokenDup': tokens.splice(ti, 0, tokens[tj] ?? ''); return tokens.join('');
  }
}

const mutation = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'swap', 'tokenDelete', 'tokenInsert', 'tokenSwap', 'tokenDup'),
  at: fc.nat(),
  at2: fc.nat(),
  token: fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 2 })),
}) as fc.Arbitrary<Mutation>;

const mutated = fc
  .tuple(fc.constantFrom(...validSources), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([source, ms]) => ms.reduce(mutate, source));

const soup = fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }).map((tokens) => tokens.join(' '));

const source = fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: soup, weight: 1 }, { arbitrary: fc.string({ maxLength: 60 }), weight: 1 });

describe('fuzz', () => {
  it('parsing and checking throw only ModelError, with locations inside the source', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(source, fc.array(fc.constantFrom(...values), { maxLength: 3 }), (text, vals) => {
        try {
          // Not modelFromSource: its safety net turns stray errors into ModelErrors and would hide them.
          checkModel(sourceToIR(text, vals));
          accepted++;
        } catch (error) {
          if (!(error instanceof ModelError)) throw error;
          expect(typeof error.message).toBe('string');
          const loc = error.location;
          if (loc) {
            expect(loc.line).toBeGreaterThanOrEqual(1);
            expect(loc.column).toBeGreaterThanOrEqual(1);
            expect(loc.offset).toBeGreaterThanOrEqual(0);
            expect(loc.offset).toBeLessThanOrEqual(text.length);
          }
          rejected++;
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 10_000), ...(process.env.FUZZ_SEED ? {} : { seed: 20261125 }) },
    );
    // Both outcomes occur, so the property exercised the checks and not only the parser's first token.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(1000);
  }, 60_000);
});
