// What both builds (the npm bundle and the single executable) replace in the dependency tree.
import {readFile} from 'node:fs/promises';
import {builtinModules, createRequire} from 'node:module';
import {resolve} from 'node:path';

/** The build's own Node: its built-ins' export names are the ones the lazy ones list. */
const buildTimeRequire = createRequire(import.meta.url);

const stub = (file) => ({path: resolve(`scripts/bundle-stubs/${file}`)});
const FAST_WIDTH = resolve('src/model/string-width.ts');

/** dockerode's ./ssh, ./http_duplex and tar-fs load lazily, BuildKit is left out, Ink cuts text with our mark and measures it with our fast width. */
export const volscopeStubs = {
  name: 'volscope-stubs',
  setup(builder) {
    builder.onResolve({filter: /^\.\/ssh$/}, (args) =>
      args.importer.includes('docker-modem') ? stub('lazy-ssh.cjs') : undefined,
    );
    builder.onResolve({filter: /^\.\/http_duplex$/}, (args) =>
      args.importer.includes('docker-modem') ? stub('lazy-http-duplex.cjs') : undefined,
    );
    builder.onResolve({filter: /^tar-fs$/}, (args) =>
      /dockerode[\\/]lib[\\/]util\.js$/.test(args.importer) ? stub('lazy-tar-fs.cjs') : undefined,
    );
    builder.onResolve({filter: /^\.\/(session|buildkit)$/}, (args) =>
      args.importer.includes('dockerode') ? stub('no-buildkit.cjs') : undefined,
    );
    builder.onResolve({filter: /^cli-truncate$/}, (args) =>
      /ink[\\/]build[\\/]wrap-text/.test(args.importer) ? stub('ink-truncate.js') : undefined,
    );
    // Width and truncation libraries load on first need (model/string-width.ts, model/text.ts): in
    // the bundle their createRequire becomes a plain require, which esbuild bundles and runs lazily.
    builder.onLoad({filter: /src[\\/]model[\\/](string-width|text)\.ts$/}, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const lazy = /createRequire\(import\.meta\.url\)\('(string-width|cli-truncate)'\)/g;
      if (!lazy.test(source))
        throw new Error(`${args.path} no longer loads a library lazily: update bundle-plugins.js`);
      return {contents: source.replace(lazy, "require('$1')"), loader: 'ts'};
    });
    // Every user of string-width (Ink, wrap-ansi, cli-truncate, ours) gets the fast path in front of it.
    builder.onResolve({filter: /^string-width$/}, (args) =>
      args.importer === FAST_WIDTH ? undefined : {path: FAST_WIDTH},
    );
  },
};

/** Node's built-in modules, by both their names. */
export const BUILTIN = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Node's built-in modules are required, not imported. An ESM import of a built-in builds its whole
 * namespace, which runs every lazy getter: `import … from 'node:http'` loads undici's WebSocket,
 * 'node:zlib' its zip reader, 'node:crypto' all of WebCrypto, 'node:fs' the promises API — ~40 ms
 * of `volscope ls` on Node 26 went there. A require keeps those getters lazy.
 */
export const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(builder) {
    builder.onResolve({filter: /^(node:)?[a-z_/]+$/}, (args) => {
      // An import() keeps its named exports (esbuild cannot list a CommonJS module's), and is lazy anyway.
      if (!BUILTIN.has(args.path) || args.kind === 'dynamic-import') return undefined;
      if (args.namespace === 'builtin') return {path: args.path, external: true};
      return {path: args.path, namespace: 'builtin'};
    });
    builder.onLoad({filter: /.*/, namespace: 'builtin'}, (args) => ({
      contents: LOADED_ON_USE.has(args.path.replace(/^node:/, ''))
        ? onFirstUse(args.path)
        : `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Built-ins that dependencies and our own modules import at the top but use only on some paths:
 * commander requires child_process for subcommands that are programs (ours are not), Ink's
 * terminal-size for a terminal that does not say its size, docker-modem https (with tls) for TLS
 * engines, dockerode zlib to gzip a build context, and node:crypto hashes only what some commands
 * write. Each one's exports load on first property use (~8 ms of every command's start otherwise;
 * crypto and child_process kept ~2.4 MB of RSS each in an idle TUI). node:util is loaded already,
 * but on Node 26 its exports are V8 lazy data properties, each computed when its descriptor is
 * read: __toESM reading them all loaded 30 of Node's modules, worker_threads and all of streams
 * among them, before the TUI's first frame.
 */
const LOADED_ON_USE = new Set(['child_process', 'crypto', 'https', 'tls', 'util', 'zlib']);

/**
 * A getter per export the build's Node lists, not a Proxy: an ESM importer's namespace (esbuild's
 * __toESM) copies every key as a getter of its own without reading it, where a Proxy had to load
 * the module to list them.
 */
const onFirstUse = (name) => `let real;
const load = () => (real ??= require(${JSON.stringify(name)}));
const lazy = {};
for (const key of ${JSON.stringify(Object.keys(buildTimeRequire(name)))})
  Object.defineProperty(lazy, key, {
    enumerable: true,
    configurable: true,
    get: () => load()[key],
    // As for a data property: an assignment (docker-modem sets request on an object made from https) makes the receiver's own.
    set(value) {
      Object.defineProperty(this, key, {value, writable: true, enumerable: true, configurable: true});
    },
  });
module.exports = lazy;`;

export {stub};
