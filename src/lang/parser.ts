/**
 * The grammar of the model language as a chevrotain CstParser, one rule per method.
 *
 *   model       := sep* (statement (sep+ statement?)*)?          sep := newline | ';'
 *   statement   := input | random | let | data | local | assign | target | for | if | function
 *   input       := 'input' name ':' type
 *   random      := ('param' | 'latent') name (':' type)? ('~' distribution)?   (no prior: a flat prior)
 *   let         := 'let' name (':' type)? ('=' expression)?            (no value: filled by assignments)
 *   local       := 'local' name (':' type)? ('=' expression)?          (like let, not reported)
 *   data        := 'data' name (':' type)? ('~' distribution | '=' expression)?
 *   assign      := name ('[' indices ']')? ('=' | '+=') expression | name ('[' indices ']')? '~' distribution
 *   target      := 'target' '+=' expression
 *   for         := 'for' '('? name 'in' expression ':' expression ')'? block
 *   if          := 'if' '(' expression ')' block ('else' (if | block))?
 *   function    := 'function' name '(' (name ':' argType (',' name ':' argType)*)? ')' (':' argType)? block
 *   block       := '{' statements, the last of a function being 'return' expression '}'
 *   type        := ('real' | 'int' ('[' size (',' size)? ']')? | 'vector' '[' size ']' | 'matrix' '[' size ',' size ']'
 *                  | constrained '[' size ']') with optional bounds '<' ('lower' | 'upper') '=' additive (',' ...)? '>'
 *                  after the keyword
 *   distribution:= name '(' arguments? ')'
 *   expression  := conditional, then by falling precedence: || && (== !=) (< <= > >=) (+ -) (* / .* ./)
 *                  unary (- !), power (^, right-assoc, binds tighter than unary minus), postfix [i, j], primary
 *
 * Optional pieces that users forget (a prior, a right-hand side) are accepted here and reported
 * by the checks, which can say what is missing in words rather than "unexpected token".
 */
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.js';
import { ModelError, type SourceLocation } from './errors.js';

/** Error messages: we only need "what was expected"; `parse` adds location and what was found. */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => tokenLabel(expected),
  buildNotAllInputParsedMessage: () => 'a new line or \';\' before the next statement',
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) => describeAlternatives(ruleName, expectedPathsPerAlt),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) => describeAlternatives(ruleName, [expectedIterationPaths]),
};

function tokenLabel(type: TokenType): string {
  return type === EOF ? 'end of model' : (type.LABEL ?? type.name);
}

const ruleDescriptions: Record<string, string> = {
  statement: "a statement ('input', 'param', 'latent', 'let', 'data', 'local', 'for', 'if', 'target +=', 'function' or an assignment)",
  typeSpec: "a type ('real', 'int', 'vector[n]', 'matrix[n, m]' or 'int[n]')",
  size: 'a size (an int input or a whole number)',
  primary: 'an expression (a number, a name, a call, [ ... ] or ( ... ))',
  unary: 'an expression (a number, a name, a call, [ ... ] or ( ... ))',
  randomStmt: "'param' or 'latent'",
};

function describeAlternatives(ruleName: string, paths: TokenType[][][]): string {
  const known = ruleDescriptions[ruleName];
  if (known) return known;
  const firsts = new Set(paths.flat().map((path) => (path[0] ? tokenLabel(path[0]) : 'end of model')));
  return [...firsts].join(' or ');
}

export class ModelParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3, nodeLocationTracking: 'full', errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  private separator = this.RULE('separator', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.CONSUME(T.Semicolon) }]);
  });

  public model = this.RULE('model', () => {
    this.MANY(() => this.SUBRULE(this.separator));
    this.OPTION(() => {
      this.SUBRULE(this.statement);
      this.MANY2(() => {
        this.AT_LEAST_ONE(() => this.SUBRULE2(this.separator));
        this.OPTION2(() => this.SUBRULE2(this.statement));
      });
    });
  });

  private statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.inputStmt) },
      { ALT: () => this.SUBRULE(this.randomStmt) },
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.dataStmt) },
      { ALT: () => this.SUBRULE(this.localStmt) },
      { ALT: () => this.SUBRULE(this.assignStmt) },
      { ALT: () => this.SUBRULE(this.targetStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.functionStmt) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
    ]);
  });

  private localStmt = this.RULE('localStmt', () => {
    this.CONSUME(T.Local);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeSpec);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  private assignStmt = this.RULE('assignStmt', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.indexSuffix));
    this.OR([
      { ALT: () => { this.CONSUME(T.Equals); this.SUBRULE(this.expression); } },
      { ALT: () => { this.CONSUME(T.PlusEquals); this.SUBRULE2(this.expression); } },
      { ALT: () => { this.CONSUME(T.Tilde); this.SUBRULE(this.distribution); } },
    ]);
  });

  private targetStmt = this.RULE('targetStmt', () => {
    this.CONSUME(T.Target);
    this.CONSUME(T.PlusEquals);
    this.SUBRULE(this.expression);
  });

  private forStmt = this.RULE('forStmt', () => {
    this.CONSUME(T.For);
    this.OPTION(() => this.CONSUME(T.LParen));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Colon);
    this.SUBRULE2(this.expression);
    this.OPTION2(() => this.CONSUME(T.RParen));
    this.SUBRULE(this.block);
  });

  private ifStmt = this.RULE('ifStmt', () => {
    this.CONSUME(T.If);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR([
        { ALT: () => this.SUBRULE(this.ifStmt) },
        { ALT: () => this.SUBRULE2(this.block) },
      ]);
    });
  });

  private functionStmt = this.RULE('functionStmt', () => {
    this.CONSUME(T.Function);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.functionArg);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.functionArg);
      });
    });
    this.CONSUME(T.RParen);
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.argType);
    });
    this.SUBRULE(this.block);
  });

  private functionArg = this.RULE('functionArg', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.argType);
  });

  /** An argument or result type: a type keyword, sizes optional (they come from the call). */
  private argType = this.RULE('argType', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Real) },
      { ALT: () => this.CONSUME(T.Int) },
      { ALT: () => this.CONSUME(T.Vector) },
      { ALT: () => this.CONSUME(T.Matrix) },
    ]);
    this.OPTION(() => this.SUBRULE(this.sizeList));
  });

  private returnStmt = this.RULE('returnStmt', () => {
    this.CONSUME(T.Return);
    this.SUBRULE(this.expression);
  });

  private block = this.RULE('block', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.separator));
    this.OPTION(() => {
      this.SUBRULE(this.statement);
      this.MANY2(() => {
        this.AT_LEAST_ONE(() => this.SUBRULE2(this.separator));
        this.OPTION2(() => this.SUBRULE2(this.statement));
      });
    });
    this.CONSUME(T.RBrace);
  });

  private inputStmt = this.RULE('inputStmt', () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeSpec);
  });

  private randomStmt = this.RULE('randomStmt', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Param) }, { ALT: () => this.CONSUME(T.Latent) }]);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeSpec);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Tilde);
      this.SUBRULE(this.distribution);
    });
  });

  private letStmt = this.RULE('letStmt', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeSpec);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  private dataStmt = this.RULE('dataStmt', () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeSpec);
    });
    this.OPTION2(() => {
      this.OR([
        { ALT: () => { this.CONSUME(T.Tilde); this.SUBRULE(this.distribution); } },
        { ALT: () => { this.CONSUME(T.Equals); this.SUBRULE(this.expression); } },
      ]);
    });
  });

  private typeSpec = this.RULE('typeSpec', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Real);
          this.OPTION4(() => this.SUBRULE(this.bounds));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Int);
          this.OPTION5(() => this.SUBRULE2(this.bounds));
          this.OPTION(() => this.SUBRULE(this.sizeList));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Vector);
          this.OPTION6(() => this.SUBRULE3(this.bounds));
          this.SUBRULE2(this.sizeList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Matrix);
          this.OPTION7(() => this.SUBRULE4(this.bounds));
          this.SUBRULE3(this.sizeList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.ConstrainedType);
          this.SUBRULE4(this.sizeList);
        },
      },
    ]);
  });

  /** `<lower = a, upper = b>`; a bound is an additive expression, so `>` ends it. */
  private bounds = this.RULE('bounds', () => {
    this.CONSUME(T.Less);
    this.SUBRULE(this.bound);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.bound);
    });
    this.CONSUME(T.Greater);
  });

  private bound = this.RULE('bound', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.additive);
  });

  /** `[n]` or `[n, m]`; how many sizes a type needs is checked in to-ir with a precise message. */
  private sizeList = this.RULE('sizeList', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.size);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.size);
    });
    this.CONSUME(T.RBracket);
  });

  private size = this.RULE('size', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.Interpolation) },
    ]);
  });

  private distribution = this.RULE('distribution', () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.argumentList);
  });

  /** Arguments; `|` separates like `,` (Stan's `normal_lpdf(y | mu, sigma)`). */
  private argumentList = this.RULE('argumentList', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Bar) }]);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(T.RParen);
  });

  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.conditional);
  });

  private conditional = this.RULE('conditional', () => {
    this.SUBRULE(this.orExpr);
    this.OPTION(() => {
      this.CONSUME(T.Question);
      this.SUBRULE(this.expression);
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.expression);
    });
  });

  private orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.OrOr);
      this.SUBRULE2(this.andExpr);
    });
  });

  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.equality);
    this.MANY(() => {
      this.CONSUME(T.AndAnd);
      this.SUBRULE2(this.equality);
    });
  });

  private equality = this.RULE('equality', () => {
    this.SUBRULE(this.comparison);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.EqEq) }, { ALT: () => this.CONSUME(T.NotEq) }]);
      this.SUBRULE2(this.comparison);
    });
  });

  private comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Less) },
        { ALT: () => this.CONSUME(T.LessEq) },
        { ALT: () => this.CONSUME(T.Greater) },
        { ALT: () => this.CONSUME(T.GreaterEq) },
      ]);
      this.SUBRULE2(this.additive);
    });
  });

  private additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  private multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.DotStar) },
        { ALT: () => this.CONSUME(T.DotSlash) },
      ]);
      this.SUBRULE2(this.unary);
    });
  });

  /** Prefix - and !; they bind looser than ^ so that -x^2 is -(x^2), as in mathematics. */
  private unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Bang) }]);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  /** a ^ b with b parsed as `unary`: right-associative (2^3^2 = 2^9) and 2^-1 allowed. */
  private power = this.RULE('power', () => {
    this.SUBRULE(this.postfix);
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.unary);
    });
  });

  private postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.indexSuffix));
  });

  private indexSuffix = this.RULE('indexSuffix', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.indexItem);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.indexItem);
    });
    this.CONSUME(T.RBracket);
  });

  /** `i`, or a slice: `:`, `a:`, `:b`, `a:b` (1-based, inclusive, as in Stan). */
  private indexItem = this.RULE('indexItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.OPTION(() => this.SUBRULE(this.expression));
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.expression);
          this.OPTION2(() => {
            this.CONSUME2(T.Colon);
            this.OPTION3(() => this.SUBRULE3(this.expression));
          });
        },
      },
    ]);
  });

  private primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => this.SUBRULE(this.argumentList));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Interpolation);
          this.OPTION2(() => this.SUBRULE2(this.argumentList));
        },
      },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.vectorLiteral) },
    ]);
  });

  private parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  private vectorLiteral = this.RULE('vectorLiteral', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
    this.CONSUME(T.RBracket);
  });
}

/** One parser for the process: chevrotain's self-analysis is costly, parsing is cheap. */
let shared: ModelParser | undefined;

/** Location of a token; the end-of-input token has no position, so it points just past the source. */
export function tokenLocation(token: IToken, source: string): SourceLocation {
  if (token.tokenType === EOF || !Number.isFinite(token.startOffset)) return endOfSource(source);
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset, length: token.image.length };
}

function endOfSource(source: string): SourceLocation {
  const lines = source.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { line: lines.length, column: last.length + 1, offset: source.length, length: 1 };
}

/** Parse a source into a CST. Throws ModelError (only) on the first syntax error. */
export function parseCst(source: string): CstNode {
  const tokens = T.tokenize(source);
  shared ??= new ModelParser();
  shared.input = tokens;
  let cst: CstNode;
  try {
    cst = shared.model();
  } catch (error) {
    // A stack overflow (e.g. thousands of unary minus signs) can leave the parser mid-rule: drop it.
    shared = undefined;
    if (error instanceof RangeError) throw new ModelError('the model is nested too deeply to read', undefined, source);
    throw error;
  }
  const error = shared.errors[0];
  if (error) {
    const token = error.token;
    const atEnd = token.tokenType === EOF || !Number.isFinite(token.startOffset);
    const found = atEnd ? 'end of model' : token.tokenType === T.Newline ? 'a new line' : `'${token.image}'`;
    // Left-over input right after a separator is a statement that does not start like one.
    const previous = tokens[tokens.indexOf(token) - 1]?.tokenType;
    const afterSeparator = error.name === 'NotAllInputParsedException' && (previous === T.Newline || previous === T.Semicolon);
    const expected = afterSeparator ? ruleDescriptions['statement']! : error.message;
    throw new ModelError(`syntax error: unexpected ${found}`, tokenLocation(token, source), source, expected, found);
  }
  return cst;
}
