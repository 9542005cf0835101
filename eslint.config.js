// @ts-check
import tseslint from 'typescript-eslint';

const noTfjs = {
  'no-restricted-imports': ['error', {
    patterns: [{
      group: ['@tensorflow/*'],
      allowTypeImports: true,
      message: 'TensorFlow.js lives only in src/worker (DESIGN.md boundary): the parent, analysis, report and baselines never load it.',
    }],
  }],
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
);
