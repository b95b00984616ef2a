// The floors under `volscope ls`: what Node alone, a bare node:http script, commander with
// node:http (what `ls --no-size` stands on) and commander with dockerode take for the same list;
// under the TUI's first frame, the same lists drawn as a screen of rows by bare Node, by commander
// with node:http (what the first frame stands on) and by dockerode (bench/frame-floor.js); and under the
// TUI's memory, Node with React and Ink drawing a screen of plain rows (bench/floor/). A budget
// that sits below them cannot be met by any code on that stack; the bench prints them beside it.
import {mkdirSync, writeFileSync} from 'node:fs';
import {build} from 'esbuild';
import {builtinsByRequire, volscopeStubs} from '../scripts/bundle-plugins.js';

const OUT = new URL('./out/floor/', import.meta.url).pathname;

let built;

/** The bare node:http `ls` of one engine: the floor under `ls`. */
const httpFloor = (url) => [process.execPath, [new URL('./floor/node-http-ls.cjs', import.meta.url).pathname, url]];

/** Builds the floor scripts the way scripts/bundle.js builds volscope (one ESM file, compile cache), once. */
export function floorCommands() {
  built ??= buildFloors();
  return built;
}

/** One floor script bundled as volscope is, with what that bundle sets beside. */
const bundleFloor = (name, options = {}) =>
  build({
    entryPoints: [new URL(`./floor/${name}.mjs`, import.meta.url).pathname],
    outfile: `${OUT}${name}.bundle.mjs`,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    banner: {js: "import {createRequire as __r} from 'node:module'; const require = __r(import.meta.url);"},
    logLevel: 'warning',
    ...options,
  });

async function buildFloors() {
  mkdirSync(OUT, {recursive: true});
  // dockerode as volscope bundles it (scripts/bundle.js): its ssh, tar and BuildKit parts left
  // out or lazy, built-ins required. Bundled plainly, its first frame at 4,008 volumes came at
  // 179 ms against 96 (8 alternated runs): a floor that would flatter volscope by ~80 ms.
  const asVolscope = {external: ['ssh2', 'cpu-features'], plugins: [volscopeStubs, builtinsByRequire]};
  await bundleFloor('dockerode-ls', asVolscope);
  await bundleFloor('dockerode-frame', asVolscope);
  await bundleFloor('commander-http-ls', asVolscope);
  await bundleFloor('commander-http-frame', asVolscope);
  await bundleFloor('ink-idle', {
    // As scripts/bundle.js: production React, and no devtools bridge.
    define: {'process.env.NODE_ENV': '"production"'},
    alias: {'react-devtools-core': new URL('../scripts/bundle-stubs/no-devtools.js', import.meta.url).pathname},
  });
  for (const name of ['dockerode-ls', 'dockerode-frame', 'commander-http-ls', 'commander-http-frame', 'ink-idle'])
    writeFileSync(
      `${OUT}${name}.mjs`,
      `import {enableCompileCache} from 'node:module';\nenableCompileCache();\nawait import('./${name}.bundle.mjs');\n`,
    );
  return {
    node: () => [process.execPath, ['-e', '0']],
    http: httpFloor,
    dockerode: (url) => [process.execPath, [`${OUT}dockerode-ls.mjs`, 'ls', url]],
    commanderHttp: (url) => [process.execPath, [`${OUT}commander-http-ls.mjs`, 'ls', url]],
    inkIdle: () => [process.execPath, [`${OUT}ink-idle.mjs`]],
    // The first frame's floors (bench/floor/frame.cjs): each takes every engine's URL.
    httpFrame: (urls) => [
      process.execPath,
      [new URL('./floor/node-http-frame.cjs', import.meta.url).pathname, ...urls],
    ],
    dockerodeFrame: (urls) => [process.execPath, [`${OUT}dockerode-frame.mjs`, ...urls]],
    commanderHttpFrame: (urls) => [process.execPath, [`${OUT}commander-http-frame.mjs`, ...urls]],
  };
}
