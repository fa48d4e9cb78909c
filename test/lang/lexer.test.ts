/**
 * The lexer: tokens, comments, statement separators, and its errors.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/lang/lexer.js';
import { modelFromSource } from '../../src/lang/dsl.js';
import { at, modelErrorOf } from './helpers.js';

const kinds = (source: string) => tokenize(source).map((t) => `${t.tokenType.name}:${JSON.stringify(t.image)}`);

describe('lexer', () => {
  it('distinguishes keywords from names that start with them', () => {
    expect(kinds('input inputs data_x real1')).toEqual(['Input:"input"', 'Identifier:"inputs"', 'Identifier:"data_x"', 'Identifier:"real1"']);
  });

  it('reads numbers with fractions and exponents, and .* after a number', () => {
    expect(kinds('1 2.5 .5 1e-3 2E+4 2.*x')).toEqual([
      'NumberLiteral:"1"', 'NumberLiteral:"2.5"', 'NumberLiteral:".5"', 'NumberLiteral:"1e-3"', 'NumberLiteral:"2E+4"',
      'NumberLiteral:"2"', 'DotStar:".*"', 'Identifier:"x"',
    ]);
  });

  it('skips comments, keeps newlines as separators', () => {
    expect(kinds('a // note\n/* one\ntwo */ b')).toEqual(['Identifier:"a"', 'Newline:"\\n"', 'Identifier:"b"']);
  });

  it('drops newlines inside brackets and after an operator', () => {
    expect(kinds('f(a,\nb) +\nc\nd')).toEqual([
      'Identifier:"f"', 'LParen:"("', 'Identifier:"a"', 'Comma:","', 'Identifier:"b"', 'RParen:")"', 'Plus:"+"',
      'Identifier:"c"', 'Newline:"\\n"', 'Identifier:"d"',
    ]);
  });

  it('reads interpolation placeholders as one token', () => {
    expect(kinds('${0}(${12})')).toEqual(['Interpolation:"${0}"', 'LParen:"("', 'Interpolation:"${12}"', 'RParen:")"']);
  });

  it('reports an unexpected character with its position', () => {
    const error = modelErrorOf(() => tokenize('let a = 1\nlet b = a # 2'));
    expect(error.problem).toBe('unexpected character "#"');
    expect(at(error)).toBe('2:11');
    expect(error.message).toContain('  2 | let b = a # 2\n' + ' '.repeat(16) + '^');
  });

  it('explains a stray $', () => {
    expect(modelErrorOf(() => tokenize('let a = $x')).problem).toMatch(/^unexpected character \$ \(an interpolation/);
  });

  it('refuses absurd nesting with a ModelError, and the parser still works afterwards', () => {
    expect(() => modelFromSource(`let a = ${'('.repeat(100)}1${')'.repeat(100)}`)).not.toThrow();
    const error = modelErrorOf(() => modelFromSource(`let a = ${'('.repeat(101)}1${')'.repeat(101)}`));
    expect(error.problem).toBe('brackets nested more than 100 deep');
    expect(at(error)).toBe('1:109');
    expect(modelErrorOf(() => modelFromSource(`let a = ${'-'.repeat(50_000)}1`)).problem).toBe('the model is nested too deeply to read');
    expect(modelFromSource('param p ~ beta(1, 1)').paramNames).toEqual(['p']);
  });
});
