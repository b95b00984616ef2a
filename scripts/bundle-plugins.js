// What both builds (the npm bundle and the single executable) replace in the dependency tree.
import {readFile} from 'node:fs/promises';
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

export {stub};
