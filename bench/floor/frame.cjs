// The floor under the TUI's first frame: a program that lists each engine's volumes and
// containers and writes a screen of rows (names, drivers, users) with the status line the bench
// waits for, `N volumes`, redrawn as each engine's lists land — and nothing else: no model, no
// store, no React. Given how to list one engine (node:http in node-http-frame.cjs, dockerode in
// dockerode-frame.mjs), it draws, reports when (FLOOR_TIMINGS, ms since the process started, the
// clock volscope's VOLSCOPE_TIMINGS uses) and waits for its terminal as a TUI does.
const {appendFileSync} = require('node:fs');
const {rowLines} = require('./rows.cjs');

/** @param {(url: string) => Promise<[{Volumes?: Array<{Name: string, Driver: string}>}, Array<{Names: string[], Mounts: Array<{Name?: string}>}>]>} listOf */
exports.drawEngines = (urls, listOf) => {
  const rows = process.stdout.rows || 40;
  const landed = [];
  let firstFrameMs;
  const draw = () => {
    const lines = [];
    let total = 0;
    for (const lists of landed) {
      const engineLines = rowLines(lists);
      lines.push(...engineLines);
      total += engineLines.length;
    }
    // Home, the rows that fit, the status line, the rest of the screen cleared.
    process.stdout.write(`\x1b[H${lines.slice(0, rows - 2).join('\x1b[K\n')}\x1b[K\n${total} volumes\x1b[J`);
    return performance.now();
  };
  for (const url of urls)
    listOf(url).then(
      (lists) => {
        landed.push(lists);
        const at = draw();
        firstFrameMs ??= at;
        if (landed.length === urls.length && process.env.FLOOR_TIMINGS)
          appendFileSync(process.env.FLOOR_TIMINGS, `${JSON.stringify({firstFrameMs, everyEngineMs: at})}\n`);
      },
      // On the screen, where the bench's wait shows it.
      (error) => process.stdout.write(`floor: ${url}: ${error.message}\n`),
    );
  process.stdin.resume();
};
