// `npm run build`'s second step: the cell worker (dist/worker/main.js, from tsc) and everything it
// imports, zod and tinybench included, as one ES module, dist/worker.bundle.js — what divbench spawns per cell.
// One file to load instead of ~150 modules and zod's ~60 cut a cell's start-up (spawn → training)
// from 0.61–0.67 s to 0.48–0.57 s of CPU here (npm run bench:startup -- --worker …, medians of 7).
// TensorFlow.js, apache-arrow and jstat are loaded with createRequire at run time and stay in
// node_modules; the bundle sits directly in dist/ so paths computed from import.meta.url (the
// package root) are the same as from the modules it was built from. Not minified: error stacks
// keep the functions' names.
import { build } from 'esbuild';

try {
  await build({
    entryPoints: ['dist/worker/main.js'],
    outfile: 'dist/worker.bundle.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
} catch {
  // esbuild has printed the errors
  process.exit(1);
}
