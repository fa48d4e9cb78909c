/**
 * Tokens of the model language and the lexer that produces them.
 *
 * Why a post-pass: statements end at a newline or `;`, but a newline inside (), [] or after a
 * trailing operator/comma is only layout, so long expressions can span lines. Chevrotain's lexer
 * cannot know bracket depth, so `tokenize` drops those newlines afterwards.
 * Interpolations arrive already rendered as `${0}`, `${1}` ... (see dsl.ts), so token offsets are
 * offsets into the source shown in error messages.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { ModelError } from './errors.js';

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

function keyword(word: string): TokenType {
  return createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });
}

export const Input = keyword('input');
export const Param = keyword('param');
export const Latent = keyword('latent');
export const Let = keyword('let');
export const Data = keyword('data');
export const Real = keyword('real');
export const Int = keyword('int');
export const Vector = keyword('vector');
export const Matrix = keyword('matrix');
// Statements Stan users need (loops, conditions, target +=, locals, functions).
export const For = keyword('for');
export const In = keyword('in');
export const If = keyword('if');
export const Else = keyword('else');
export const Target = keyword('target');
export const Local = keyword('local');
export const Function = keyword('function');
export const Return = keyword('return');
/** Constrained types (Stan's names); sizes follow in brackets. */
export const ConstrainedType = createToken({
  name: 'ConstrainedType',
  pattern: /(?:simplex|ordered|positive_ordered|unit_vector|cholesky_factor_corr|cholesky_factor_cov|cov_matrix|corr_matrix)(?![A-Za-z0-9_])/,
  longer_alt: Identifier,
  label: "a constrained type ('simplex', 'ordered', 'positive_ordered', 'unit_vector', 'cholesky_factor_corr', 'cholesky_factor_cov', 'cov_matrix', 'corr_matrix')",
});

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\f\v\u00a0]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, line_breaks: true, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, label: 'a new line' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });

// Digits with an optional fraction and exponent. No trailing '.', so `2.*x` lexes as 2 .* x.
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/, label: 'a number' });
export const Interpolation = createToken({ name: 'Interpolation', pattern: /\$\{\d+\}/, label: 'an interpolated ${...} value' });

function op(name: string, text: string): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'` });
}

export const DotStar = op('DotStar', '.*');
export const DotSlash = op('DotSlash', './');
export const LessEq = op('LessEq', '<=');
export const GreaterEq = op('GreaterEq', '>=');
export const EqEq = op('EqEq', '==');
export const NotEq = op('NotEq', '!=');
export const AndAnd = op('AndAnd', '&&');
export const OrOr = op('OrOr', '||');
export const Bar = op('Bar', '|');
export const PlusEquals = op('PlusEquals', '+=');
export const LBrace = op('LBrace', '{');
export const RBrace = op('RBrace', '}');
export const Less = op('Less', '<');
export const Greater = op('Greater', '>');
export const Plus = op('Plus', '+');
export const Minus = op('Minus', '-');
export const Star = op('Star', '*');
export const Slash = op('Slash', '/');
export const Caret = op('Caret', '^');
export const Bang = op('Bang', '!');
export const Question = op('Question', '?');
export const Colon = op('Colon', ':');
export const Tilde = op('Tilde', '~');
export const Equals = op('Equals', '=');
export const Comma = op('Comma', ',');
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const LBracket = op('LBracket', '[');
export const RBracket = op('RBracket', ']');

/** Order matters: comments before '/', two-character operators before their prefixes, keywords before names. */
export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, Newline, Semicolon,
  NumberLiteral, Interpolation,
  DotStar, DotSlash, LessEq, GreaterEq, EqEq, NotEq, AndAnd, OrOr, Bar, PlusEquals, LBrace, RBrace,
  Less, Greater, Plus, Minus, Star, Slash, Caret, Bang, Question, Colon, Tilde, Equals, Comma,
  LParen, RParen, LBracket, RBracket,
  Input, Param, Latent, Let, Data, Real, Int, Vector, Matrix,
  For, In, If, Else, Target, Local, Function, Return, ConstrainedType,
  Identifier,
];

export const modelLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });

/** Tokens after which a newline cannot end a statement (the expression obviously continues). */
const continuing = new Set<TokenType>([
  Plus, Minus, Star, Slash, Caret, DotStar, DotSlash, Less, LessEq, Greater, GreaterEq, EqEq, NotEq,
  AndAnd, OrOr, Bang, Question, Colon, Tilde, Equals, Comma, LParen, LBracket, Bar, PlusEquals,
]);

/** Deeper nesting would overflow the (recursive) parser's stack; no real model comes close. */
export const MAX_NESTING = 100;

/** Lex `source`; throws ModelError at the first character no token matches. */
export function tokenize(source: string): IToken[] {
  const result = modelLexer.tokenize(source);
  const bad = result.errors[0];
  if (bad) {
    const ch = source.slice(bad.offset, bad.offset + 1);
    const shown = ch === '$' ? '$ (an interpolation is written ${...} in a template)' : JSON.stringify(ch);
    throw new ModelError(`unexpected character ${shown}`, {
      line: bad.line ?? 1, column: bad.column ?? 1, offset: bad.offset, length: 1,
    }, source, 'a name, number, operator or keyword', ch);
  }
  const kept: IToken[] = [];
  let depth = 0;
  // A `>` closing bounds (`real<lower=0>`) ends a type, not a comparison: a newline after it ends the statement.
  let inBounds = false;
  let closedBounds: IToken | undefined;
  const typeWords = new Set<TokenType>([Real, Int, Vector, Matrix]);
  for (const token of result.tokens) {
    const type = token.tokenType;
    if (type === Less && kept.length > 0 && typeWords.has(kept[kept.length - 1]!.tokenType)) inBounds = true;
    else if (type === Greater && inBounds && depth === 0) {
      inBounds = false;
      closedBounds = token;
    }
    if (type === LParen || type === LBracket) {
      depth++;
      if (depth > MAX_NESTING) {
        throw new ModelError(`brackets nested more than ${MAX_NESTING} deep`, {
          line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset, length: 1,
        }, source, `at most ${MAX_NESTING} levels`, 'deeper nesting');
      }
    }
    else if ((type === RParen || type === RBracket) && depth > 0) depth--;
    if (type === Newline) {
      const previous = kept[kept.length - 1];
      if (depth > 0 || (previous !== undefined && previous !== closedBounds && continuing.has(previous.tokenType))) continue;
    }
    // `}` newline `else`: the else continues the if.
    if (type === Else) while (kept.length > 0 && kept[kept.length - 1]!.tokenType === Newline) kept.pop();
    kept.push(token);
  }
  return kept;
}
