// Driven by bench/seek.js in its own process (so its RSS is this alone): opens a backup as the
// browser does (tail, index, the folder tree) and lists its root, and prints one JSON line.
//   node bench/seek-open.js ARCHIVE [HOME]
import {ArchiveSession} from '../dist/ops/archive-browse.js';

const [archive, home] = process.argv.slice(2);
if (home) process.env.HOME = home;
const started = performance.now();
const session = await ArchiveSession.open(archive, undefined);
let listed = 0;
await session.list([], (entries) => (listed += entries.length));
const ms = performance.now() - started;
console.log(
  JSON.stringify({
    ms,
    entries: session.opened.entries.length,
    root: listed,
    indexed: session.opened.index !== undefined,
  }),
);
await session.close();
