#!/usr/bin/env node
// Two or more builds of volscope started in turn against the same engines, for a change's
// before -> after: on this noisy 2-core machine only runs taken alternately compare. Each run is
// timed from start to the first volume row and to the status line's total, then waits for the
// size scans it asked for before the next run starts (or the engines would still be computing
// them for that run's lists). A benchmark, not a test: it asserts nothing.
//   node bench/alternate.js --runs 12 --total 7083 --host unix:///var/run/docker.sock [--host …] \
//     old=/tmp/old/bin/volscope.js new=bin/volscope.js
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {median, sleep} from './proc.js';
import {Tmux} from './scale.js';

const {values, positionals} = parseArgs({
  options: {
    runs: {type: 'string', default: '9'},
    total: {type: 'string'},
    host: {type: 'string', multiple: true, default: ['unix:///var/run/docker.sock']},
    row: {type: 'string', default: 'bench-|app-data'},
  },
  allowPositionals: true,
});
const builds = positionals.map((spec) => {
  const [label, bin] = spec.includes('=') ? spec.split('=') : [spec, spec];
  return {label, bin, first: [], all: []};
});
if (builds.length < 2) {
  console.error('bench/alternate.js: name two builds or more, as LABEL=path/to/bin/volscope.js');
  process.exit(2);
}
// Every volscope started here keeps its size history here, never in the user's own (as bench/run.js).
process.env.XDG_STATE_HOME ??= mkdtempSync(join(tmpdir(), 'volscope-bench-state-'));
const hosts = values.host.flatMap((url) => ['-H', url]);
const rowPattern = new RegExp(values.row);
const totalText = values.total ? `${values.total} volumes` : undefined;

for (let run = 0; run < Number(values.runs); run++) {
  for (const build of builds) {
    const tmux = new Tmux();
    try {
      const t0 = performance.now();
      tmux.startCommand(process.execPath, [build.bin, ...hosts]);
      await tmux.waitFor((s) => rowPattern.test(s));
      build.first.push(performance.now() - t0);
      await tmux.waitFor((s) => (totalText ? s.includes(totalText) : / volumes? ·/.test(s)));
      build.all.push(performance.now() - t0);
      await tmux.waitFor((s) => s.includes('sizes at'));
    } finally {
      tmux.kill();
    }
    await sleep(300);
  }
}
const ms = (xs) => `${median(xs).toFixed(0)} ms`;
for (const build of builds)
  console.log(
    `${build.label.padEnd(12)} first row ${ms(build.first).padStart(8)}   total on screen ${ms(build.all).padStart(8)}   runs ${build.all.map((x) => x.toFixed(0)).join(', ')}`,
  );
