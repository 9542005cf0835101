// @ts-check
import tseslint from 'typescript-eslint';

const noTfjs = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['@tensorflow/*'],
          allowTypeImports: true,
          message: 'TensorFlow.js lives only in src/worker (DESIGN.md boundary): the parent, analysis, report and baselines never load it.',
        },
      ],
    },
  ],
};

// In the worker, TensorFlow.js comes through src/worker/tf.ts (require): an ES-module import of
// the CommonJS bundle costs every cell ~0.3 s of CPU for Node's export lexing.
const tfjsThroughRequire = {
  'no-restricted-imports': [
    'error',
    {
      paths: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'].map((name) => ({
        name,
        allowTypeImports: true,
        message:
          'import { tf } from src/worker/tf.js (and types with `import type`): an ES-module import of this CommonJS bundle costs ~0.3 s of CPU per process.',
      })),
    },
  ],
};

export default tseslint.config(
  // Generated or scratch folders (git-ignored too): never linted.
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'coverage/**', 'tmp/**', '.gpu-bundle/**', '.gl/**', '.whl/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/spec/**', 'src/harness/**', 'src/analysis/**', 'src/report/**', 'src/baselines/**', 'src/registry/**', 'src/cli.ts', 'src/commands/**'],
    rules: noTfjs,
  },
  {
    files: ['src/worker/**'],
    ignores: ['src/worker/tf.ts'],
    rules: tfjsThroughRequire,
  },
);
