// What both builds (the npm bundle and the single executable) replace in the dependency tree.
import {readFile} from 'node:fs/promises';
import {builtinModules} from 'node:module';
import {resolve} from 'node:path';

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

const BUILTIN = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

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
 * Built-ins that CommonJS dependencies require at the top but use only on some paths: commander
 * requires child_process for subcommands that are programs (ours are not), docker-modem
 * requires https (with tls) for TLS engines, dockerode zlib to gzip a build context. Their exports
 * load on first property use (~8 ms of every command's start otherwise). An ESM importer still
 * loads them at once: its namespace lists every key.
 */
const LOADED_ON_USE = new Set(['child_process', 'https', 'tls', 'zlib']);

const onFirstUse = (name) => `let real;
const load = () => (real ??= require(${JSON.stringify(name)}));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const found = Reflect.getOwnPropertyDescriptor(load(), key);
    return found && {...found, configurable: true};
  },
  getPrototypeOf: () => Object.getPrototypeOf(load()),
});`;

export {stub};
