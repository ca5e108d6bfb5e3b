// Layering is enforced here, as docs/architecture.md draws it: only src/ui
// may import ink or react, and each folder of src/ imports only the layers
// below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const uiOnly = {
  paths: [
    { name: 'ink', message: 'Only src/ui/ may import ink (docs/architecture.md).' },
    { name: 'react', message: 'Only src/ui/ may import react (docs/architecture.md).' },
    { name: 'ink-testing-library', message: 'Only UI tests may import ink-testing-library.' },
  ],
  patterns: [{ group: ['ink/*', 'react/*', 'ink-*'], message: 'Only src/ui/ may import ink or react.' }],
};

/**
 * What each folder of src/ may import of ours (docs/architecture.md, "Layers";
 * test/unit/architecture-doc.test.ts holds the two equal).
 */
export const LAYERS = {
  lesson: [],
  fs: [],
  text: [],
  terminal: [],
  recording: ['text'],
  wire: ['fs'],
  verify: ['lesson', 'wire'],
  host: ['terminal', 'fs'],
  cluster: ['lesson', 'verify', 'fs', 'host', 'wire'],
  engine: ['lesson', 'verify', 'terminal', 'cluster', 'fs', 'recording', 'host', 'text', 'wire'],
  class: ['engine', 'lesson', 'terminal', 'cluster', 'fs'],
  ui: ['engine', 'lesson', 'terminal', 'recording', 'text', 'class', 'wire'],
  present: ['engine', 'lesson', 'terminal', 'ui', 'text'],
};
const ALL = [...Object.keys(LAYERS), 'commands'];

function layerRules(layer) {
  const banned = ALL.filter((l) => l !== layer && !LAYERS[layer].includes(l));
  const group = banned.flatMap((l) => [`../${l}/*`, `../../${l}/*`, `../../../${l}/*`]);
  const patterns = group.length
    ? [
        {
          group,
          message: LAYERS[layer].length
            ? `src/${layer}/ may import only ${LAYERS[layer].join(', ')} of ours (docs/architecture.md).`
            : `src/${layer}/ imports nothing else of ours (docs/architecture.md).`,
        },
      ]
    : [];
  const base = layer === 'ui' ? { paths: [], patterns: [] } : uiOnly;
  return {
    files: [`src/${layer}/**/*.ts`, `src/${layer}/**/*.tsx`],
    rules: {
      'no-restricted-imports': ['error', { paths: base.paths, patterns: [...base.patterns, ...patterns] }],
    },
  };
}

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
  ...Object.keys(LAYERS).map(layerRules),
  {
    // CommonJS stand-ins the bundler puts in place of packages (scripts/bundle.mjs).
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
