// The memory floor under the TUI: Node with the libraries volscope draws with (React, Ink and its
// yoga WebAssembly), loaded as volscope loads them, drawing a full screen of plain rows and then
// waiting, as a settled TUI does. Bundled as volscope is (bench/floor.js); the bench reads its RSS.
import {drawWithoutTopTier} from '../../src/local/memory-relief.js';

// Without V8's top tier, as the TUI runs: the same call, so the floor follows its flags.
drawWithoutTopTier();
const fetchSlot = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
// Yoga fetches its WebAssembly through undici when fetch exists; volscope hides it the same way (cli.tsx).
Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
const [{createElement: h}, {Box, Text, render}] = await Promise.all([import('react'), import('ink')]);
Object.defineProperty(globalThis, 'fetch', fetchSlot);

const rows = Array.from({length: 36}, (_, i) => `floor-row-${String(i).padStart(2, '0')}  local  -  -`);
render(
  h(Box, {flexDirection: 'column'}, ...rows.map((row) => h(Text, {key: row}, row)), h(Text, null, 'floor ready')),
  {exitOnCtrlC: true, patchConsole: false, maxFps: 120},
);
// Reading the terminal, as the TUI does, is what keeps it running.
process.stdin.resume();
