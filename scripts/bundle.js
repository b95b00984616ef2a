#!/usr/bin/env node
// Bundles src/cli.tsx for bin/volscope.js. Loading Ink and React as hundreds of small modules took
// ~0.45 s of a ~0.9 s start; one bundle loads in about half that. Code splitting keeps the TUI in
// its own chunk, so `volscope ls` and `--help` still never load Ink.
//
// Two passes. esbuild compiles, resolves and splits (TypeScript, CommonJS interop, the stubs and
// lazy built-ins of bundle-plugins.js). Rollup then re-chunks esbuild's chunks: esbuild makes one
// chunk per set of entry points (every import() is one), so `ls` opened 42 files, 18 of them before
// argv was parsed, most a few hundred bytes. Rollup knows what an import() finds already loaded and
// puts it with its importer: the start path is then a handful of files (~10 ms of every command's
// start, ~20 ms of the TUI's first frame: docs/benchmarks.md).
import {rmSync} from 'node:fs';
import {builtinModules} from 'node:module';
import {basename} from 'node:path';
import {build} from 'esbuild';
import {rollup} from 'rollup';
import {builtinsByRequire, volscopeStubs} from './bundle-plugins.js';

const OUT = 'dist/bundle';
/** esbuild's output is kept in memory under this directory's name: Rollup reads it from there. */
const STAGE = '/volscope-esbuild';

const compiled = await build({
  entryPoints: ['src/cli.tsx'],
  outdir: STAGE,
  write: false,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  // dockerode is bundled (as separate CommonJS files it took ~125 ms to load), but ssh2 stays a
  // normal dependency: it has optional native modules, and it is loaded only for ssh:// engines.
  external: ['ssh2', 'cpu-features'],
  plugins: [volscopeStubs, builtinsByRequire],
  // Ink loads its devtools bridge only when DEV=true; the bundle must not need the package.
  alias: {'react-devtools-core': './scripts/bundle-stubs/no-devtools.js'},
  // Production React: the development build records every component's props for its profiler,
  // which with thousands of rows costs gigabytes and tens of milliseconds a key.
  define: {'process.env.NODE_ENV': '"production"'},
  // CommonJS packages inside an ESM bundle (react, signal-exit) still call require().
  banner: {
    js: "import {createRequire as __volscopeRequire} from 'node:module'; const require = __volscopeRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

const files = new Map(compiled.outputFiles.map((file) => [file.path, file.text]));
const BUILTIN = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** esbuild's chunks, read from memory with their source maps (Rollup chains them back to src/). */
const fromEsbuild = {
  name: 'from-esbuild',
  resolveId(source, importer) {
    if (BUILTIN.has(source)) return {id: source, external: true};
    if (!source.startsWith('./') && !source.startsWith(STAGE)) return undefined;
    const id = importer ? `${STAGE}/${basename(source)}` : source;
    if (!files.has(id)) throw new Error(`${source} is not one of esbuild's outputs`);
    return id;
  },
  load(id) {
    const code = files.get(id);
    return code === undefined ? undefined : {code, map: files.get(`${id}.map`)};
  },
};

const rechunked = await rollup({
  input: `${STAGE}/cli.js`,
  plugins: [fromEsbuild],
  // esbuild has already dropped what is unused; Rollup only moves modules between files.
  treeshake: false,
  onwarn(warning, warn) {
    // esbuild's chunks import each other in cycles (Ink and React's do too); the order is kept.
    if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
  },
});
// Each build replaces the last: stale chunks would pile up under hashed names.
rmSync(OUT, {recursive: true, force: true});
await rechunked.write({
  dir: OUT,
  format: 'es',
  sourcemap: true,
  entryFileNames: '[name].js',
  // Named after a module in them (dispatch, tui, chunk), without esbuild's hash: Rollup adds its own.
  chunkFileNames: (chunk) => `${chunk.name.replace(/-[A-Z0-9]{8}$/, '')}-[hash].js`,
  // Node loads every import as it reaches it; naming far dependencies early gains nothing here.
  hoistTransitiveImports: false,
});
await rechunked.close();
