/**
 * CONTRACT: what `model\`...\`` and `model(builder)` return. Owned by the language front end;
 * `compile` delegates to the compiler (src/lang/compile/).
 */
import type { ModelIR } from './ir.js';
import type { CompiledModel, Inputs } from './compiled-model.js';

export interface Model {
  readonly ir: ModelIR;
  /** Names by role, in source order. */
  readonly inputNames: readonly string[];
  readonly paramNames: readonly string[];
  readonly dataNames: readonly string[];
  /** Compile against concrete inputs (cached per distinct inputs). Throws DataError on bad inputs. */
  compile(inputs?: Inputs): CompiledModel;
  /** Split one user object { n: 10, heads: 7 } into inputs and observed data by name; DataError on unknown names. */
  splitData(values: Record<string, unknown>): { inputs: Inputs; data: Record<string, unknown> };
}
