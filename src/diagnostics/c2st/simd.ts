/**
 * One WebAssembly SIMD kernel for the C2ST classifier's minibatch products, assembled here from
 * its opcodes (no toolchain, no binary blob): float32
 *
 *   C[i·N + j] = Σ_k A[i·K + k] · B[j·K + k],   i < M, j < N   (A times Bᵀ, both row-major)
 *
 * with f32x4 lanes along k and a 4-row × 2-column register tile (8 vector sums; each loaded vector
 * serves 2 or 4 multiply-adds). Requires M % 4 = 0, N % 2 = 0, K % 4 = 0: the trainer pads its
 * matrices with zeros to those sizes (zero rows and columns add nothing to any product).
 *
 * Node ≥ 16.4 runs WebAssembly SIMD; where it is missing `createSimdGemm` returns null and the
 * float64 JavaScript path is used instead.
 */

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

// Opcodes.
const I32 = 0x7f, V128 = 0x7b;
const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const ADD = 0x6a, MUL = 0x6c, GE_U = 0x4f;
const block = (...body: number[][]) => [0x02, 0x40, ...body.flat(), 0x0b];
const loop = (...body: number[][]) => [0x03, 0x40, ...body.flat(), 0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const br = (depth: number) => [0x0c, ...uleb(depth)];
const v128Load = [0xfd, 0x00, 0x02, 0x00]; // align hint 2^2, offset 0
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const f32x4Add = [0xfd, ...uleb(0xe4)];
const f32x4Mul = [0xfd, ...uleb(0xe6)];
const extractLane = (lane: number) => [0xfd, 0x1f, lane];
const F32_ADD = 0x92;
const v128Store = [0xfd, 0x0b, 0x02, 0x00];
const f32x4Max = [0xfd, ...uleb(0xe9)];
const f32x4Gt = [0xfd, ...uleb(0x44)];
const v128And = [0xfd, ...uleb(0x4e)];
const f32Store = (offset: number) => [0x38, 0x02, ...uleb(offset)];

function gemmBody(): number[] {
  // Params 0..5: a, M, K, b, N, c (byte addresses and counts).
  const [a, M, K, b, N, c] = [0, 1, 2, 3, 4, 5];
  // i32 locals.
  const [i, j, k, rs, a0, a1, a2, a3, b0, b1, kEnd, c0] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  // v128 locals: 8 sums, 4 rows of A, 2 rows of B.
  const s = [18, 19, 20, 21, 22, 23, 24, 25];
  const x = [26, 27, 28, 29];
  const w = [30, 31];
  const locals = vec([[...uleb(12), I32], [...uleb(14), V128]]);

  const innerK = loop(
    get(k), get(kEnd), [GE_U], brIf(1),
    ...[0, 1, 2, 3].map((r) => [...get([a0, a1, a2, a3][r]!), ...get(k), ADD, ...v128Load, ...set(x[r]!)]),
    ...[0, 1].map((q) => [...get([b0, b1][q]!), ...get(k), ADD, ...v128Load, ...set(w[q]!)]),
    ...[0, 1, 2, 3].flatMap((r) => [0, 1].map((q) => [
      ...get(s[2 * r + q]!), ...get(x[r]!), ...get(w[q]!), ...f32x4Mul, ...f32x4Add, ...set(s[2 * r + q]!),
    ])),
    get(k), i32c(16), [ADD], set(k), br(0),
  );
  // Horizontal sum of s[2r+q] stored at C[(i+r)·N + j + q].
  const stores = [0, 1, 2, 3].flatMap((r) => [0, 1].map((q) => {
    const sv = s[2 * r + q]!;
    return [
      ...get(c0), ...i32c(r), ...get(N), MUL, ...i32c(4), MUL, ADD,
      ...get(sv), ...extractLane(0), ...get(sv), ...extractLane(1), F32_ADD,
      ...get(sv), ...extractLane(2), F32_ADD, ...get(sv), ...extractLane(3), F32_ADD,
      ...f32Store(4 * q),
    ];
  }));
  const loopJ = loop(
    get(j), get(N), [GE_U], brIf(1),
    // b0 = b + j·rs, b1 = b0 + rs
    get(b), get(j), get(rs), [MUL, ADD], set(b0),
    get(b0), get(rs), [ADD], set(b1),
    ...s.map((sv) => [...v128Zero, ...set(sv)]),
    i32c(0), set(k),
    block(innerK),
    // c0 = c + (i·N + j)·4
    get(c), get(i), get(N), [MUL], get(j), [ADD], i32c(4), [MUL, ADD], set(c0),
    ...stores,
    get(j), i32c(2), [ADD], set(j), br(0),
  );
  const loopI = loop(
    get(i), get(M), [GE_U], brIf(1),
    get(a), get(i), get(rs), [MUL, ADD], set(a0),
    get(a0), get(rs), [ADD], set(a1),
    get(a1), get(rs), [ADD], set(a2),
    get(a2), get(rs), [ADD], set(a3),
    i32c(0), set(j),
    block(loopJ),
    get(i), i32c(4), [ADD], set(i), br(0),
  );
  const code = [
    ...get(K), ...i32c(4), MUL, ...set(rs),
    ...get(rs), ...set(kEnd),
    ...i32c(0), ...set(i),
    ...block(loopI),
    0x0b,
  ];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/** biasRelu(a, b, rows, cols): a[r·cols + c] = max(a[r·cols + c] + b[c], 0); cols % 4 = 0. */
function biasReluBody(): number[] {
  const [a, b, rows, cols] = [0, 1, 2, 3];
  const [p, end, bo, bEnd] = [4, 5, 6, 7];
  const locals = vec([[...uleb(4), I32]]);
  // p walks a row by row; bo walks b, restarting every row.
  const inner = loop(
    get(bo), get(bEnd), [GE_U], brIf(1),
    get(p),
    get(p), v128Load, get(bo), v128Load, f32x4Add, v128Zero, f32x4Max,
    v128Store,
    get(p), i32c(16), [ADD], set(p),
    get(bo), i32c(16), [ADD], set(bo),
    br(0),
  );
  const outer = loop(
    get(p), get(end), [GE_U], brIf(1),
    get(b), set(bo),
    block(inner),
    br(0),
  );
  const code = [
    ...get(a), ...set(p),
    ...get(rows), ...get(cols), MUL, ...i32c(4), MUL, ...get(a), ADD, ...set(end),
    ...get(b), ...get(cols), ...i32c(4), MUL, ADD, ...set(bEnd),
    ...block(outer),
    0x0b,
  ];
  // bo − b is the column offset: bEnd = b + 4·cols.
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/** maskPositive(a, x, n): x[i] = a[i] > 0 ? x[i] : 0 for i < n; n % 4 = 0. */
function maskBody(): number[] {
  const [a, x, n] = [0, 1, 2];
  const [i, end] = [3, 4];
  const locals = vec([[...uleb(2), I32]]);
  const body0 = loop(
    get(i), get(end), [GE_U], brIf(1),
    get(x), get(i), [ADD],
    get(x), get(i), [ADD], v128Load,
    get(a), get(i), [ADD], v128Load, v128Zero, f32x4Gt,
    v128And,
    v128Store,
    get(i), i32c(16), [ADD], set(i),
    br(0),
  );
  const code = [...i32c(0), ...set(i), ...get(n), ...i32c(4), MUL, ...set(end), ...block(body0), 0x0b];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array {
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([
      [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), 0x00],
      [0x60, ...vec([[I32], [I32], [I32], [I32]]), 0x00],
      [0x60, ...vec([[I32], [I32], [I32]]), 0x00],
    ])),
    ...section(2, vec([[...str('env'), ...str('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0x00], [0x01], [0x02]])),
    ...section(7, vec([[...str('gemm'), 0x00, 0x00], [...str('biasRelu'), 0x00, 0x01], [...str('maskPositive'), 0x00, 0x02]])),
    ...section(10, vec([gemmBody(), biasReluBody(), maskBody()])),
  ];
  return Uint8Array.from(bytes);
}

/** The slice of the WebAssembly JS API used here (the project's TypeScript lib has no DOM types). */
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

export interface SimdGemm {
  /** Float32 view of the whole memory (valid as long as the memory does not grow). */
  f32: Float32Array;
  /** C = A·Bᵀ for float32 matrices at the given float offsets into `f32`. */
  gemm(a: number, M: number, K: number, b: number, N: number, c: number): void;
  /** a[r, c] = max(a[r, c] + b[c], 0) for a (rows × cols), cols % 4 = 0 (ReLU without branches). */
  biasRelu(a: number, b: number, rows: number, cols: number): void;
  /** x[i] = a[i] > 0 ? x[i] : 0 for i < n, n % 4 = 0 (the ReLU derivative mask, branch-free). */
  maskPositive(a: number, x: number, n: number): void;
}

/** A kernel instance with `floats` float32 of memory, or null without WebAssembly SIMD. */
export function createSimdGemm(floats: number): SimdGemm | null {
  try {
    const pages = Math.ceil((floats * 4) / 65536) + 1;
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm) return null;
    const memory = new wasm.Memory({ initial: pages, maximum: pages });
    const instance = new wasm.Instance(new wasm.Module(moduleBytes()), { env: { mem: memory } });
    const fn = instance.exports['gemm'] as (a: number, M: number, K: number, b: number, N: number, c: number) => void;
    const relu = instance.exports['biasRelu'] as (a: number, b: number, rows: number, cols: number) => void;
    const mask = instance.exports['maskPositive'] as (a: number, x: number, n: number) => void;
    return {
      f32: new Float32Array(memory.buffer),
      gemm: (a, M, K, b, N, c) => fn(4 * a, M, K, 4 * b, N, 4 * c),
      biasRelu: (a, b, rows, cols) => relu(4 * a, 4 * b, rows, cols),
      maskPositive: (a, x, n) => mask(4 * a, 4 * x, n),
    };
  } catch {
    return null;
  }
}
