// One place where every benchmark figure lands: printed as one table at the end (figure, budget,
// pass/fail, ratio), written as JSON and as the Markdown table docs/benchmarks.md carries.
import {execFileSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';

export class Results {
  constructor() {
    this.rows = [];
    this.startedAt = new Date();
  }

  /**
   * @param {object} row
   * @param {string} row.section   e.g. 'start-up'
   * @param {string} row.engine    e.g. 'docker-20.10'
   * @param {string} row.figure    what was measured
   * @param {number} row.value
   * @param {string} row.unit      'ms', 'MB', 'requests', '%'
   * @param {number} [row.budget]  the limit; value must be <= budget (or >= with atLeast)
   * @param {boolean} [row.atLeast]
   * @param {string} [row.ratio]   e.g. '0.52x docker volume ls'
   * @param {string} [row.note]
   * @param {number} [row.floor]   the same figure for a program that does only the measured work on
   *   volscope's stack, in the same run (bench/floor/): a budget below it cannot be met by any code
   * @param {string} [row.floorOf] what that program is
   */
  add(row) {
    const pass = row.budget === undefined ? undefined : row.atLeast ? row.value >= row.budget : row.value <= row.budget;
    // Over budget, and so is the floor: the budget is out of reach on this stack and this machine.
    const underFloor = pass === false && row.floor !== undefined && !row.atLeast && row.floor > row.budget;
    this.rows.push({...row, pass, underFloor});
  }

  machine(engines) {
    const cpu = cpus();
    const docker = (url) => {
      try {
        return execFileSync('docker', ['-H', url, 'version', '--format', '{{.Server.Version}}'], {
          encoding: 'utf8',
        }).trim();
      } catch {
        return '?';
      }
    };
    let os = 'Linux';
    try {
      os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
    } catch {}
    return {
      cpus: `${cpu.length} x ${cpu[0]?.model ?? '?'}`,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      os,
      node: process.version,
      docker: Object.fromEntries(engines.map((e) => [e.name, docker(e.url)])),
    };
  }

  table() {
    const format = (r) =>
      r.unit === 'ms'
        ? `${r.value.toFixed(0)} ms`
        : r.unit === '%'
          ? `${r.value.toFixed(2)} %`
          : r.unit === 'x'
            ? `${r.value.toFixed(2)} x`
            : `${Number.isInteger(r.value) ? r.value : r.value.toFixed(1)} ${r.unit}`;
    const budget = (r) =>
      r.budget === undefined ? '' : `${r.atLeast ? '>=' : '<='} ${format({...r, value: r.budget})}`;
    const verdict = (r) => (r.pass === undefined ? '' : r.pass ? 'pass' : r.underFloor ? 'floor' : 'FAIL');
    // Where volscope stands against its floor, when there is one: what is left for our own code.
    const floor = (r) =>
      r.floor === undefined
        ? ''
        : `floor ${format({...r, value: r.floor})} (${r.floorOf}), volscope ${format({...r, value: Math.abs(r.value - r.floor)})} ${r.value >= r.floor ? 'above' : 'below'} it`;
    return this.rows.map((r) => {
      const against = floor(r);
      return {
        section: r.section,
        engine: r.engine,
        figure: r.figure,
        value: format(r),
        budget: budget(r),
        verdict: verdict(r),
        ratio: r.ratio ?? '',
        floor: against,
        note: [against, r.note].filter(Boolean).join('; '),
      };
    });
  }

  print() {
    const rows = this.table();
    console.log('\n== summary ==');
    const widths = {engine: 13, figure: 58, value: 12, budget: 14, verdict: 5};
    for (const r of rows) {
      console.log(
        `  ${r.engine.padEnd(widths.engine)} ${r.figure.padEnd(widths.figure)} ${r.value.padStart(widths.value)} ${r.budget.padStart(widths.budget)} ${r.verdict.padEnd(widths.verdict)} ${[r.ratio, r.floor].filter(Boolean).join('; ')}`,
      );
    }
    const failed = rows.filter((r) => r.verdict === 'FAIL');
    const floored = rows.filter((r) => r.verdict === 'floor');
    const list = (some) => some.map((r) => `${r.engine} ${r.figure}`).join('; ');
    console.log(
      `\n  ${rows.filter((r) => r.verdict).length} figures with a budget, ${failed.length} over it${failed.length ? `: ${list(failed)}` : ''}`,
    );
    if (floored.length)
      console.log(`  ${floored.length} over it with their floor over it too (verdict 'floor'): ${list(floored)}`);
  }

  markdown(machine) {
    const lines = [
      `Taken ${this.startedAt.toISOString().slice(0, 10)} on ${machine.cpus}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, Docker ${Object.entries(
        machine.docker,
      )
        .map(([k, v]) => `${v} (${k})`)
        .join(', ')}.`,
      '',
      '| engine | figure | value | budget | | ratio / note |',
      '|---|---|---:|---:|---|---|',
    ];
    for (const r of this.table())
      lines.push(
        `| ${r.engine} | ${r.figure} | ${r.value} | ${r.budget} | ${r.verdict} | ${[r.ratio, r.note].filter(Boolean).join('; ')} |`,
      );
    return lines.join('\n');
  }

  /** bench/out/latest.json and latest.md; with docs, the latest run in docs/benchmarks.md (its history is in git). */
  write({engines, docs}) {
    const machine = this.machine(engines);
    mkdirSync(new URL('./out/', import.meta.url), {recursive: true});
    const json = {
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      rows: this.rows,
    };
    writeFileSync(new URL('./out/latest.json', import.meta.url), `${JSON.stringify(json, null, 2)}\n`);
    const md = this.markdown(machine);
    writeFileSync(new URL('./out/latest.md', import.meta.url), `${md}\n`);
    console.log(`\n  written: bench/out/latest.json, bench/out/latest.md`);
    if (docs) {
      const path = new URL('../docs/benchmarks.md', import.meta.url);
      const text = readFileSync(path, 'utf8');
      const start = '<!-- bench:start -->';
      const end = '<!-- bench:end -->';
      if (!text.includes(start) || !text.includes(end)) throw new Error('docs/benchmarks.md has no bench markers');
      writeFileSync(
        path,
        `${text.slice(0, text.indexOf(start) + start.length)}\n${md}\n${text.slice(text.indexOf(end))}`,
      );
      console.log('  docs/benchmarks.md updated');
    }
  }
}
