#!/usr/bin/env node
// Bundles src/cli.tsx for bin/volscope.js. Loading Ink and React as hundreds of small modules took
// ~0.45 s of a ~0.9 s start; one bundle loads in about half that. Code splitting keeps the TUI in
// its own chunk, so `volscope ls` and `--help` still never load Ink.
import {rmSync} from 'node:fs';
import {build} from 'esbuild';
import {builtinsByRequire, volscopeStubs} from './bundle-plugins.js';

// Each build replaces the last: stale chunks would pile up under hashed names.
rmSync('dist/bundle', {recursive: true, force: true});
await build({
  entryPoints: ['src/cli.tsx'],
  outdir: 'dist/bundle',
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
