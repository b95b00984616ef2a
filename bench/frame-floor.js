// The floors under the TUI's first frame, measured the way volscope is: in tmux, through the same
// counting proxies, until the same text is on screen. Bare Node and dockerode list each engine and
// draw its rows (bench/floor/frame.cjs); neither has a model, a store or React. A start-up budget
// below the dockerode one cannot be met by any program built on volscope's stack.
import {readFileSync, rmSync} from 'node:fs';
import {floorCommands} from './floor.js';
import {median, sleep} from './proc.js';
import {Tmux} from './scale.js';

/**
 * For bare node:http, commander with node:http (the stack volscope's first frame stands on) and
 * dockerode: start -> the first engine's rows on screen, -> the status
 * line counting `total` volumes (every engine listed), and the same two self-reported (ms since
 * the process started, the clock of volscope's VOLSCOPE_TIMINGS).
 */
export async function frameFloors(urls, total, runs) {
  const floors = await floorCommands();
  const measured = {};
  for (const [name, command] of [
    ['node:http', floors.httpFrame],
    ['commander + node:http', floors.commanderHttpFrame],
    ['dockerode', floors.dockerodeFrame],
  ]) {
    const timings = `/tmp/volscope-bench-floor-${process.pid}.jsonl`;
    rmSync(timings, {force: true});
    const first = [];
    const every = [];
    for (let i = 0; i < runs; i++) {
      const tmux = new Tmux();
      try {
        const t0 = performance.now();
        tmux.startCommand(...command(urls), [`FLOOR_TIMINGS=${timings}`]);
        await tmux.waitFor((s) => / volumes/.test(s));
        first.push(performance.now() - t0);
        await tmux.waitFor((s) => s.includes(`${total} volumes`));
        every.push(performance.now() - t0);
      } finally {
        tmux.kill();
      }
      await sleep(300);
    }
    const self = readFileSync(timings, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    measured[name] = {
      firstMs: median(first),
      everyMs: median(every),
      selfFirstMs: median(self.map((s) => s.firstFrameMs)),
      selfEveryMs: median(self.map((s) => s.everyEngineMs)),
    };
  }
  return measured;
}
