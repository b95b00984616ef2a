#!/usr/bin/env node
// npm run build:binary: dist/volscope, one file for linux-x64 that needs nothing on the server —
// a Node single executable application (SEA) of the pinned Node 26 LTS with volscope inside.
// Unlike the npm bundle (split into chunks so `ls` never loads Ink), a SEA has one main script:
// everything goes into one ESM file, ssh2 included (pure JS: its native crypto addon and
// cpu-features are optional, and a SEA cannot load .node files from disk).
import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {build} from 'esbuild';
import {stub, volscopeStubs} from './bundle-plugins.js';

const OUT = 'dist/sea';
const BINARY = 'dist/volscope';
const major = Number(process.versions.node.split('.')[0]);
if (major < 26)
  throw new Error(
    `build:binary needs the pinned Node 26 (ESM main in a SEA); this is ${process.version}: run it through npm`,
  );

/** On top of the npm bundle's replacements: ssh2 bundled, and its native parts left out. */
const singleFile = {
  name: 'volscope-single-file',
  setup(builder) {
    // The npm bundle loads ssh2 from node_modules on first use; here there is no node_modules, so
    // the same call becomes a plain require that esbuild bundles.
    builder.onLoad({filter: /ssh[/\\]connection\.ts$/}, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const lazy = "createRequire(import.meta.url)('ssh2')";
      if (!source.includes(lazy))
        throw new Error(`${args.path} no longer loads ssh2 as ${lazy}: update build-binary.js`);
      return {contents: source.replace(lazy, "require('ssh2')"), loader: 'ts'};
    });
    // Optional native parts of ssh2: absent here, so it takes its pure-JS path.
    builder.onResolve({filter: /(\.node$|^cpu-features$)/}, () => stub('no-native.cjs'));
  },
};

rmSync(OUT, {recursive: true, force: true});
mkdirSync(OUT, {recursive: true});
await build({
  entryPoints: ['src/cli.tsx'],
  outfile: `${OUT}/volscope.mjs`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node26',
  plugins: [singleFile, volscopeStubs],
  alias: {'react-devtools-core': './scripts/bundle-stubs/no-devtools.js'},
  define: {'process.env.NODE_ENV': '"production"', 'process.env.VOLSCOPE_SEA': '"1"'},
  banner: {
    js: "import {createRequire as __volscopeRequire} from 'node:module'; const require = __volscopeRequire(process.execPath);",
  },
  logLevel: 'warning',
});
writeFileSync(
  `${OUT}/sea-config.json`,
  JSON.stringify(
    {
      main: `${OUT}/volscope.mjs`,
      mainFormat: 'module',
      output: BINARY,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
    },
    null,
    2,
  ),
);
// --build-sea copies the Node that runs it: a copy without its symbol table is ~30 MB smaller.
const base = `${OUT}/node`;
copyFileSync(process.execPath, base);
try {
  execFileSync('strip', ['--strip-all', base]);
} catch {
  console.warn("strip is not available: the binary keeps Node's symbol table");
}
execFileSync(base, ['--build-sea', `${OUT}/sea-config.json`], {stdio: 'inherit'});
const size = statSync(BINARY).size;
console.log(`${BINARY}: ${(size / 1e6).toFixed(1)} MB, ${process.version} linux-${process.arch}`);
