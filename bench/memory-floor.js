// The floors under the TUI's memory, settled as long as the scale section lets volscope settle
// before it reads RSS: Node doing nothing; Node with React and Ink drawing a screen of plain rows
// (bench/floor/ink-idle.mjs); and volscope itself on an engine with nothing on it
// (bench/floor/empty-engine.js). An RSS budget below the second cannot be met on this stack; what
// volscope holds above the third is what its volumes cost.
import {floorCommands} from './floor.js';
import {startEmptyEngine} from './floor/empty-engine.js';
import {memory, memorySplit, sleep} from './proc.js';
import {BIN, Tmux} from './scale.js';

/** Node with nothing loaded, kept alive: what any Node program starts from. */
const IDLE_NODE = "console.log('floor ready'); setInterval(() => {}, 1 << 30);";

export async function benchMemoryFloors(results, {idleSeconds, settleSeconds}) {
  const add = (figure, value, note) => {
    results.add({section: 'scale', engine: 'no engine', figure, value, unit: 'MB', note});
    console.log(`  ${figure.padEnd(64)} ${`${value.toFixed(1)} MB`.padStart(12)}  ${note}`);
  };
  console.log('\n== memory floors ==');
  const settled = async (command, args, ready) => {
    const tmux = new Tmux();
    try {
      tmux.startCommand(command, args);
      await tmux.waitFor(ready);
      await sleep((settleSeconds + idleSeconds) * 1000);
      return memory(tmux.pid());
    } finally {
      tmux.kill();
    }
  };
  const bare = await settled(process.execPath, ['-e', IDLE_NODE], (s) => s.includes('floor ready'));
  add('floor: RSS of Node doing nothing', bare.rssMb, `${process.version}; ${memorySplit(bare)}`);
  const [node, args] = (await floorCommands()).inkIdle();
  const ink = await settled(node, args, (s) => s.includes('floor ready'));
  add(
    'floor: RSS of Node + React + Ink drawing a screen of rows',
    ink.rssMb,
    `bench/floor/ink-idle.mjs, bundled as volscope is; ${memorySplit(ink)}`,
  );
  const engine = await startEmptyEngine(`/tmp/volscope-bench-empty-${process.pid}.sock`);
  try {
    const empty = await settled(process.execPath, [BIN, '--host', engine.url], (s) => s.includes('sizes at'));
    add(
      'floor: RSS of volscope on an engine with no volume',
      empty.rssMb,
      `bench/floor/empty-engine.js; ${memorySplit(empty)}`,
    );
  } finally {
    await engine.close();
  }
}
