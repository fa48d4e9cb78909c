/**
 * The errors amortize raises on purpose. Every one says what is wrong, where, and what was
 * expected versus what was found, so a user can act on it without reading our source.
 */

/** A position in model source (1-based line and column; 0-based offset into the joined source). */
export interface SourceLocation {
  line: number;
  column: number;
  offset: number;
  length: number;
}

/** A problem in a model's definition: syntax, names, shapes, supports, cycles. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    /** One-line description, e.g. "unknown name 'sigam'". */
    readonly problem: string,
    /** Where in the source; absent for builder-API models without positions. */
    readonly location?: SourceLocation,
    /** The model source, so the message can show the offending line with a caret under it. */
    readonly source?: string,
    /** What was expected and what was found, when that is meaningful. */
    readonly expected?: string,
    readonly found?: string,
  ) {
    super(formatModelError(problem, location, source, expected, found));
  }
}

/** A problem with the values a user passed: missing inputs, wrong shapes or types, NaN. */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    readonly variable: string,
    readonly problem: string,
    readonly expected?: string,
    readonly found?: string,
  ) {
    super(
      `${variable}: ${problem}` +
        (expected !== undefined ? `\n  expected: ${expected}` : '') +
        (found !== undefined ? `\n  found:    ${found}` : ''),
    );
  }
}

/** A backend cannot do what was asked (e.g. NUTS on a model without a likelihood). */
export class InferenceError extends Error {
  override readonly name = 'InferenceError';
}

export function formatModelError(
  problem: string,
  location?: SourceLocation,
  source?: string,
  expected?: string,
  found?: string,
): string {
  const where = location ? ` at ${location.line}:${location.column}` : '';
  let text = `${problem}${where}`;
  if (location && source !== undefined) {
    const lines = source.split('\n');
    const line = lines[location.line - 1];
    if (line !== undefined) {
      const gutter = `${location.line} | `;
      const caretWidth = Math.max(1, Math.min(location.length, line.length - location.column + 1));
      text += `\n  ${gutter}${line}\n  ${' '.repeat(gutter.length + location.column - 1)}${'^'.repeat(caretWidth)}`;
    }
  }
  if (expected !== undefined) text += `\n  expected: ${expected}`;
  if (found !== undefined) text += `\n  found:    ${found}`;
  return text;
}
