// What both builds (the npm bundle and the single executable) replace in the dependency tree.
import {resolve} from 'node:path';

const stub = (file) => ({path: resolve(`scripts/bundle-stubs/${file}`)});
const FAST_WIDTH = resolve('src/model/string-width.ts');

/** dockerode's ./ssh loads lazily, BuildKit is left out, Ink cuts text with our mark and measures it with our fast width. */
export const volscopeStubs = {
  name: 'volscope-stubs',
  setup(builder) {
    builder.onResolve({filter: /^\.\/ssh$/}, (args) =>
      args.importer.includes('docker-modem') ? stub('lazy-ssh.cjs') : undefined,
    );
    builder.onResolve({filter: /^\.\/(session|buildkit)$/}, (args) =>
      args.importer.includes('dockerode') ? stub('no-buildkit.cjs') : undefined,
    );
    builder.onResolve({filter: /^cli-truncate$/}, (args) =>
      /ink[\\/]build[\\/]wrap-text/.test(args.importer) ? stub('ink-truncate.js') : undefined,
    );
    // Every user of string-width (Ink, wrap-ansi, cli-truncate, ours) gets the fast path in front of it.
    builder.onResolve({filter: /^string-width$/}, (args) =>
      args.importer === FAST_WIDTH ? undefined : {path: FAST_WIDTH},
    );
  },
};

export {stub};
