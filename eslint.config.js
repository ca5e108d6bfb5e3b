// Layering is enforced here: only src/ui may import ink or react (DESIGN.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const uiOnly = {
  paths: [
    { name: 'ink', message: 'Only src/ui/ may import ink (DESIGN.md layers).' },
    { name: 'react', message: 'Only src/ui/ may import react (DESIGN.md layers).' },
    { name: 'ink-testing-library', message: 'Only UI tests may import ink-testing-library.' },
  ],
  patterns: [{ group: ['ink/*', 'react/*', 'ink-*'], message: 'Only src/ui/ may import ink or react.' }],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Terminal code matches escape sequences (ESC, BEL, BS) on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/ui/**'],
    rules: { 'no-restricted-imports': ['error', uiOnly] },
  },
  {
    // CommonJS stand-ins the bundler puts in place of packages (scripts/bundle.mjs).
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
