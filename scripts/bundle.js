#!/usr/bin/env node
// Bundles src/cli.tsx for bin/volscope.js. Loading Ink and React as hundreds of small modules took
// ~0.45 s of a ~0.9 s start; one bundle loads in about half that. Code splitting keeps the TUI in
// its own chunk, so `volscope ls` and `--help` still never load Ink.
//
// Two passes. esbuild compiles, resolves and splits (TypeScript, CommonJS interop, the stubs and
// lazy built-ins of bundle-plugins.js). Rollup then re-chunks esbuild's chunks: esbuild makes one
// chunk per set of entry points (every import() is one), so `ls` opened 42 files, 18 of them before
// argv was parsed, most a few hundred bytes. Rollup puts the start paths in a file each (below)
// and the rest with its importer where that has loaded it already: `ls --no-size` now opens 4
// files, `--version` 2, and the TUI's first frame comes ~15 ms sooner (docs/benchmarks.md).
import {rmSync} from 'node:fs';
import {basename} from 'node:path';
import {build} from 'esbuild';
import {rollup} from 'rollup';
import {BUILTIN, builtinsByRequire, volscopeStubs} from './bundle-plugins.js';

const OUT = 'dist/bundle';
/** esbuild's output is kept in memory under this directory's name: Rollup reads it from there. */
const STAGE = '/volscope-esbuild';
/**
 * The one require of every chunk, in the launch file. A createRequire per esbuild chunk (the banner
 * it had) came to 43 of them in the files `ls` loads, each building a Module: ~2 ms of its start.
 * Every chunk sits in dist/bundle, so one resolves for all.
 */
const SHARED_REQUIRE = 'volscope:require';

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
  metafile: true,
  // dockerode is bundled (as separate CommonJS files it took ~125 ms to load), but ssh2 stays a
  // normal dependency: it has optional native modules, and it is loaded only for ssh:// engines.
  external: ['ssh2', 'cpu-features'],
  plugins: [volscopeStubs, builtinsByRequire],
  // Ink loads its devtools bridge only when DEV=true; the bundle must not need the package.
  alias: {'react-devtools-core': './scripts/bundle-stubs/no-devtools.js'},
  // Production React: the development build records every component's props for its profiler,
  // which with thousands of rows costs gigabytes and tens of milliseconds a key.
  define: {'process.env.NODE_ENV': '"production"'},
  // CommonJS packages inside an ESM bundle (react, signal-exit) still call require(), and so do
  // the built-ins' shims: every chunk takes one require, made once (SHARED_REQUIRE below).
  banner: {js: `import {require} from '${SHARED_REQUIRE}';`},
  logLevel: 'warning',
});

const files = new Map(compiled.outputFiles.map((file) => [file.path, file.text]));

/**
 * The start paths, a file each: what every command loads before argv is parsed, what asks the
 * first lists, `ls --no-size`'s table, the other commands' handlers, the TUI's first frame. Each
 * takes what its entries reach that an earlier one has not taken, so a path loads its own file and
 * those of the earlier paths it uses. A module in one evaluates when its file loads, with the
 * others: they hold definitions, not work.
 */
const START_PATHS = [
  ['launch', ['src/cli.tsx']],
  // `ls --no-size` asks from the lists' file; its table loads while the engines answer.
  ['lists', ['src/cli/targets.ts', 'src/docker/first-lists.ts', 'src/cli/ls-from-lists.ts']],
  ['ls', ['src/model/join.ts', 'src/cli/ls-print.ts']],
  ['commands', ['src/cli/dispatch.ts']],
  ['frame', ['src/tui/first-frame.ts', 'src/tui/early-frame.ts']],
];
const outputs = Object.entries(compiled.metafile.outputs).map(([path, output]) => ({
  id: `${STAGE}/${basename(path)}`,
  ...output,
}));
const byId = new Map(outputs.map((output) => [output.id, output]));
/** What loading these outputs loads with them: their static imports, all the way down. */
function staticClosure(ids) {
  const seen = new Set();
  const visit = (id) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const imported of byId.get(id)?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(`${STAGE}/${basename(imported.path)}`);
  };
  ids.forEach(visit);
  return seen;
}
const ENTRY = `${STAGE}/cli.js`;
const chunkOf = new Map();
for (const [name, entryPoints] of START_PATHS) {
  const entries = outputs.filter((output) => entryPoints.includes(output.entryPoint));
  if (entries.length !== entryPoints.length) throw new Error(`${name}: not all of ${entryPoints} are esbuild outputs`);
  for (const id of staticClosure(entries.map((output) => output.id)))
    if (id !== ENTRY && !chunkOf.has(id)) chunkOf.set(id, name);
}

/** esbuild's chunks, read from memory with their source maps (Rollup chains them back to src/). */
const fromEsbuild = {
  name: 'from-esbuild',
  resolveId(source, importer) {
    if (BUILTIN.has(source)) return {id: source, external: true};
    if (source === SHARED_REQUIRE) return SHARED_REQUIRE;
    if (!source.startsWith('./') && !source.startsWith(STAGE)) return undefined;
    const id = importer ? `${STAGE}/${basename(source)}` : source;
    if (!files.has(id)) throw new Error(`${source} is not one of esbuild's outputs`);
    return id;
  },
  load(id) {
    if (id === SHARED_REQUIRE)
      return "import {createRequire} from 'node:module';\nexport const require = createRequire(import.meta.url);\n";
    const code = files.get(id);
    return code === undefined ? undefined : {code, map: files.get(`${id}.map`)};
  },
};

const rechunked = await rollup({
  input: ENTRY,
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
  // The launch file loads first and imports no other chunk: its require is made before any is used.
  manualChunks: (id) => (id === SHARED_REQUIRE ? 'launch' : chunkOf.get(id)),
});
await rechunked.close();
