/**
 * TensorFlow.js for the worker, loaded with `require`. `@tensorflow/tfjs` is a CommonJS bundle
 * that re-exports six more; importing it as an ES module makes Node lex all of them for their
 * export names, which cost 0.47–0.52 s of CPU per process here against 0.16 s for `require`
 * (measured with /usr/bin/time, see `npm run bench:startup`) — a large share of a cell's
 * start-up. So worker code imports `tf` from this file and the types as
 * `import type * as tfjs from '@tensorflow/tfjs'` (a lint rule enforces it).
 */
import { createRequire } from 'node:module';
import type * as tfjs from '@tensorflow/tfjs';

const load = createRequire(import.meta.url);

export const tf = load('@tensorflow/tfjs') as typeof tfjs;

/** `@tensorflow/tfjs-backend-wasm`, by `require` for the same reason. */
export function loadWasmBackend(): typeof import('@tensorflow/tfjs-backend-wasm') {
  return load('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
}
