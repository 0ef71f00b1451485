// Two slow paths of the wasm backend's BatchMatMul kernel:
// 1. an operand with a transpose flag leaves XNNPACK's fast path (~10x slower), and tf.matMul's gradient asks
//    for one: dX = dY·Wᵀ, dW = Xᵀ·dY. Transposing explicitly first is ~10x faster ([1024,192]ᵀ·[1024,768]:
//    280 ms → 25 ms). (model/matmul.ts avoids the flags for the model's own products; this covers every caller.)
// 2. a batch of several matrices (attention's [B, nh, T, hs] products) runs a naive loop at ~1.5 GFLOP/s;
//    multiplying the matrices one by one on the fast path is ~5–10x faster ([8,4,128,128]·[8,4,128,48]:
//    52 ms → 5.5 ms) — about 20 % of a starter training step.
// This re-registers the wasm kernel that way; results are the same, other backends are untouched.
import * as tf from '@tensorflow/tfjs';

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
interface WasmBackend {
  disposeData(id: object): void;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}
type KernelArgs = { inputs: Record<string, TensorInfo>; backend: WasmBackend; attrs: Record<string, unknown> };
type KernelFn = (args: KernelArgs) => TensorInfo;

let installed = false;

/** Idempotent; a no-op when the wasm backend is not registered. */
export function installFastWasmMatMul(): void {
  if (installed) return;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transposeKernel = tf.getKernel('Transpose', 'wasm');
  if (!original || !transposeKernel) return;
  installed = true;
  const matMul = original.kernelFunc as unknown as KernelFn;
  const transpose = transposeKernel.kernelFunc as unknown as KernelFn;
  const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

  const swapLastTwo = (x: TensorInfo, backend: WasmBackend): TensorInfo => {
    const r = x.shape.length;
    const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
    return transpose({ inputs: { x }, backend, attrs: { perm } });
  };

  /** a [..., M, K] · b [..., K, N] with equal batch dims > 1: one fast 2-D product per matrix. */
  const batchedMatMul = (a: TensorInfo, b: TensorInfo, backend: WasmBackend, attrs: KernelArgs['attrs']): TensorInfo => {
    const [M, K] = a.shape.slice(-2);
    const N = b.shape[b.shape.length - 1];
    const batch = size(a.shape.slice(0, -2));
    const out = backend.makeOutput([...a.shape.slice(0, -2), M, N], 'float32');
    for (let i = 0; i < batch; i++) {
      const ai = backend.makeOutput([1, M, K], 'float32');
      const bi = backend.makeOutput([1, K, N], 'float32');
      // views are re-taken after every allocation: the wasm heap may have grown and detached older ones
      backend.typedArrayFromHeap(ai).set(backend.typedArrayFromHeap(a).subarray(i * M * K, (i + 1) * M * K));
      backend.typedArrayFromHeap(bi).set(backend.typedArrayFromHeap(b).subarray(i * K * N, (i + 1) * K * N));
      const oi = matMul({ inputs: { a: ai, b: bi }, backend, attrs });
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(oi), i * M * N);
      for (const t of [ai, bi, oi]) backend.disposeData(t.dataId);
    }
    return out;
  };

  const kernelFunc: KernelFn = ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const a = transposeA ? swapLastTwo(inputs.a, backend) : inputs.a;
    const b = transposeB ? swapLastTwo(inputs.b, backend) : inputs.b;
    const plain = { ...attrs, transposeA: false, transposeB: false };
    const batchA = size(a.shape.slice(0, -2));
    const sameBatch = batchA > 1 && a.shape.length === b.shape.length && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
    const out =
      sameBatch && a.dtype === 'float32' && b.dtype === 'float32'
        ? batchedMatMul(a, b, backend, plain)
        : matMul({ inputs: { a, b }, backend, attrs: plain });
    if (transposeA) backend.disposeData(a.dataId);
    if (transposeB) backend.disposeData(b.dataId);
    return out;
  };

  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}
