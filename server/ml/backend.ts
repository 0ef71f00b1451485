// Picks the TensorFlow.js backend once per process: tfjs-node (native libtensorflow, optional) → wasm (SIMD) → cpu.
// Override with PREFLOOP_TF_BACKEND=tensorflow|wasm|cpu. The chosen name is logged and returned.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { installFastWasmMatMul } from './wasm-matmul';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

const ORDER: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
let chosen: string | null = null;
let pending: Promise<string> | null = null;

async function tryTensorflow(): Promise<boolean> {
  // a variable specifier keeps bundlers and tsc from resolving the optional package
  const specifier = '@tensorflow/tfjs-node';
  try {
    await import(/* @vite-ignore */ specifier);
  } catch {
    return false;
  }
  return tf.setBackend('tensorflow');
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    wasm.setWasmPaths(dist);
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function tryBackend(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow') return tryTensorflow();
  if (name === 'wasm') return tryWasm();
  return tf.setBackend('cpu');
}

function describe(name: string): string {
  if (name !== 'wasm') return name;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return `wasm (simd ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'})`;
}

async function select(preferred: string | undefined): Promise<string> {
  const first = (preferred ?? process.env.PREFLOOP_TF_BACKEND ?? '').trim().toLowerCase();
  if (first && !ORDER.includes(first as BackendName)) {
    console.warn(`[ml] unknown backend "${first}" (expected ${ORDER.join('|')}), trying the default order`);
  }
  const order = ORDER.includes(first as BackendName)
    ? [first as BackendName, ...ORDER.filter((n) => n !== first)]
    : ORDER;
  for (const name of order) {
    if (await tryBackend(name)) {
      await tf.ready();
      chosen = tf.getBackend();
      if (chosen === 'wasm') installFastWasmMatMul(); // every caller gets the fast products, gradients included
      if (first && first !== chosen) console.warn(`[ml] backend "${first}" unavailable`);
      console.info(`[ml] tfjs backend: ${describe(chosen)}`);
      return chosen;
    }
  }
  throw new Error('no TensorFlow.js backend could be initialised');
}

/**
 * Initialises the TensorFlow.js backend: `preferred` (or env PREFLOOP_TF_BACKEND) first, then
 * tensorflow → wasm → cpu. Idempotent: later calls return the same backend unless they ask for another one.
 */
export async function initBackend(preferred?: string): Promise<string> {
  const want = (preferred ?? process.env.PREFLOOP_TF_BACKEND)?.trim().toLowerCase();
  if (pending && (!want || want === chosen || chosen === null)) return pending;
  pending = select(preferred);
  return pending;
}

/** Name of the active backend ('tensorflow' | 'wasm' | 'cpu'); 'uninitialised' before initBackend. */
export function currentBackend(): string {
  return chosen ?? 'uninitialised';
}
