// Bundles the command line into dist/cli.js plus lazily loaded chunks, after
// tsc has type-checked and built dist/. Why: Node takes ~1 ms per module file
// it resolves and reads, and Ink, React and the Kubernetes client are a few
// thousand files; one minified file per command's needs starts several times
// faster (bench/render.mjs prints the start-up times). Each dynamic import()
// in src/ becomes its own chunk, so `--version` still loads almost nothing.
//
//   node scripts/bundle.mjs        (npm run build runs it after tsc)
import { build } from 'esbuild';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { licenceText } from './third-party-licenses.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

/** Resolves these exact package names (not their subpaths) to files in scripts/. */
function replace(table) {
  const filter = new RegExp(
    `^(${Object.keys(table)
      .map((k) => k.replace(/[.]/g, '\\.'))
      .join('|')})$`,
  );
  return {
    name: 'replace',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: path.join(root, 'scripts', table[args.path]) }));
    },
  };
}

/**
 * Yoga (Ink's layout engine) loads its WebAssembly from a base64 data: URL,
 * with fetch() when there is one: in Node that first loads the whole of
 * undici, Node's own fetch, only to decode a string (about a third of the
 * UI's start-up on a busy machine). The loader's own base64 path does the same
 * in no time; the build fails if a new yoga-layout no longer reads this way.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      const fetching = 'w||"function"!=typeof fetch?';
      if (!text.includes(fetching))
        throw new Error(`${args.path}: the wasm loader changed; see yogaWithoutFetch`);
      return { contents: text.replace(fetching, 'w||true?'), loader: 'js' };
    });
  },
};

// Chunks from an earlier build would pile up (their names carry a hash).
fs.rmSync(path.join(dist, 'chunks'), { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  // The root helper and a node's agent are programs of their own (started as root), so entry points too.
  entryPoints: {
    cli: 'src/cli.ts',
    'host/helper-main': 'src/host/helper-main.ts',
    'host/agent-main': 'src/host/agent-main.ts',
  },
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  allowOverwrite: true, // dist/cli.js from tsc is replaced by the bundle
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // --no-minify: readable names in CPU profiles.
  minify: !process.argv.includes('--no-minify'),
  sourcemap: 'linked',
  jsx: 'automatic',
  // React and friends pick their production build at compile time.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Native code (a prebuilt .node per platform) is loaded from node_modules as installed.
  external: ['@lydell/node-pty'],
  plugins: [
    yogaWithoutFetch,
    replace({
      // Ink imports its devtools bridge only when DEV=true; the package is not a dependency.
      'react-devtools-core': 'no-devtools.mjs',
      // Only the languages lessons use, and no emoji table (see each file).
      'highlight.js': 'highlight-languages.cjs',
      'node-emoji': 'no-emoji.cjs',
      // Optional add-ons their users require() inside a try (debug's colours, ws's native
      // speed-ups): absent in the bundle, as when they are not installed, and never looked
      // for in whatever node_modules lies above the installed package.
      'supports-color': 'absent-module.cjs',
      bufferutil: 'absent-module.cjs',
      'utf-8-validate': 'absent-module.cjs',
    }),
  ],
  // CommonJS dependencies call require(); ES modules have none of their own.
  banner: {
    js: "import { createRequire as __demystifyRequire } from 'node:module'; const require = __demystifyRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
});

// The package's only run-time dependency is the native pty (package.json): anything else
// an output still imports would be looked for in node_modules, and not found once installed.
const RUNTIME_DEPENDENCIES = new Set(['@lydell/node-pty']);
const leaks = new Set();
for (const [file, out] of Object.entries(result.metafile.outputs))
  for (const i of out.imports)
    if (i.external && !isBuiltin(i.path) && !RUNTIME_DEPENDENCIES.has(i.path))
      leaks.add(`${file}: ${i.path}`);
if (leaks.size) {
  console.error(
    `bundle: these imports would be resolved from node_modules at run time:\n${[...leaks].join('\n')}`,
  );
  process.exit(1);
}

// The licences of what the bundle holds ship with it (package.json "files").
fs.writeFileSync(path.join(dist, 'THIRD-PARTY-LICENSES.txt'), licenceText(root, result.metafile).text);

// --meta FILE: esbuild's metafile, to see which inputs went into which chunk.
const meta = process.argv.indexOf('--meta');
if (meta > 0) fs.writeFileSync(process.argv[meta + 1], JSON.stringify(result.metafile));
if (process.argv.includes('--sizes')) {
  for (const [file, out] of Object.entries(result.metafile.outputs))
    if (!file.endsWith('.map')) console.log(`${(out.bytes / 1024).toFixed(0).padStart(6)} KiB  ${file}`);
}
