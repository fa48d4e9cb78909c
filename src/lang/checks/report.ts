/**
 * How checks raise errors. DSL models have a source and locations: the message points there.
 * Builder models have neither, so the message names the statement instead ("(in 'theta')").
 */
import { ModelError, type SourceLocation } from '../errors.js';
import { TypeProblem } from './types.js';

export interface Reporter {
  source?: string | undefined;
  /** The statement being checked, for builder models without locations. */
  statement?: string | undefined;
}

export function modelError(
  at: Reporter,
  problem: string,
  loc: SourceLocation | undefined,
  expected?: string,
  found?: string,
): ModelError {
  const named = at.statement === undefined || problem.includes(`'${at.statement}'`);
  const where = loc === undefined && !named ? ` (in '${at.statement}')` : '';
  return new ModelError(problem + where, loc, at.source, expected, found);
}

/** Run `f`, turning a TypeProblem into a located ModelError. */
export function located<T>(at: Reporter, loc: SourceLocation | undefined, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof TypeProblem) throw modelError(at, error.problem, loc, error.expected, error.found);
    throw error;
  }
}
