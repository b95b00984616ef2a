import {engineMessage} from '../docker/errors.js';
import {formatSize} from '../model/format.js';
import {formatGrowth, stamp} from '../model/growth.js';
import {sanitizeLines} from '../model/sanitize.js';
import type {VolumeRow} from '../model/types.js';
import type {LsEngine} from './ls.js';
import {type HistoryUse, measured} from './history-scan.js';

export interface Io {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/** Every engine measured (and recorded) at once; the ones that failed, in words. */
async function measureAll(engines: readonly LsEngine[], use: HistoryUse) {
  const results = await Promise.all(
    engines.map(async (engine) => {
      if ('problem' in engine) return {name: engine.name, error: engine.problem};
      const started = performance.now();
      try {
        const rows = await measured(engine.gateway, engine.name, true, use, engine.swept);
        return {name: engine.name, rows, ms: performance.now() - started};
      } catch (error) {
        return {name: engine.name, error: engineMessage(error)};
      }
    }),
  );
  return {
    done: results.filter((r): r is {name: string; rows: VolumeRow[]; ms: number} => 'rows' in r),
    failed: results.filter((r): r is {name: string; error: string} => 'error' in r),
  };
}

function reportFailures(failed: ReadonlyArray<{name: string; error: string}>, use: HistoryUse, io: Io): void {
  for (const f of failed) io.err.write(`volscope: ${sanitizeLines(f.name)}: ${sanitizeLines(f.error)}\n`);
  if (use.history?.note) io.err.write(`volscope: ${sanitizeLines(use.history.note)}\n`);
}

/** `volscope record`: one size scan per engine into the history (for cron and systemd timers). */
export async function runRecord(engines: readonly LsEngine[], use: HistoryUse, io: Io): Promise<number> {
  if (!use.history?.on) {
    io.err.write(`volscope: nothing recorded: ${use.history?.note ?? 'the history is off (--no-history)'}\n`);
    return 1;
  }
  const {done, failed} = await measureAll(engines, use);
  for (const {name, rows, ms} of done) {
    const total = rows.reduce((sum, row) => sum + (typeof row.size === 'number' ? row.size : 0), 0);
    io.out.write(
      `recorded ${rows.length} volumes (${formatSize(total, '?')}) on ${sanitizeLines(name)} in ${Math.round(ms)} ms\n`,
    );
  }
  reportFailures(failed, use, io);
  if (done.length) io.out.write(`history: ${use.history.path}\n`);
  return failed.length || !use.history.on ? 1 : 0;
}

export interface GrowthOptions {
  readonly top: number;
  readonly json: boolean;
  /** --fail-over: exit 3 when any volume grew more than this many bytes. */
  readonly failOver?: number;
}

/** `volscope growth`: measures now and prints the volumes that grew most over the window. */
export async function runGrowth(
  engines: readonly LsEngine[],
  use: HistoryUse,
  options: GrowthOptions,
  io: Io,
): Promise<number> {
  const {done, failed} = await measureAll(engines, use);
  const many = engines.length > 1;
  const growers = done
    .flatMap((d) => d.rows)
    .filter((row) => row.growth && row.growth.bytes > 0)
    .sort((a, b) => b.growth!.bytes - a.growth!.bytes)
    .slice(0, options.top);
  if (options.json) {
    io.out.write(
      `${JSON.stringify(
        growers.map((row) => ({
          ...(many ? {engine: row.engine} : {}),
          name: row.volume.name,
          size: row.size,
          growth: {
            bytes: row.growth!.bytes,
            since: new Date(row.growth!.sinceMs).toISOString(),
            partial: row.growth!.partial,
          },
        })),
        null,
        2,
      )}\n`,
    );
  } else if (!growers.length) {
    io.out.write(`no volume grew over the last ${use.window} (as far as the history knows)\n`);
  } else {
    for (const row of growers) {
      const where = many ? `${sanitizeLines(row.engine)}:` : '';
      const since = `since ${stamp(row.growth!.sinceMs)} UTC${row.growth!.partial ? ', where the history starts' : ''}`;
      io.out.write(
        `${formatGrowth(row.growth, '?').padStart(12)}  ${formatSize(row.size, '?').padStart(9)}  ${where}${sanitizeLines(row.volume.name)}  (${since})\n`,
      );
    }
  }
  reportFailures(failed, use, io);
  const over = options.failOver === undefined ? [] : growers.filter((row) => row.growth!.bytes > options.failOver!);
  for (const row of over)
    io.err.write(
      `volscope: ${sanitizeLines(row.volume.name)} grew ${formatSize(row.growth!.bytes, '?')} over ${use.window}, more than --fail-over ${formatSize(options.failOver!, '?')}\n`,
    );
  if (over.length) return 3;
  return failed.length ? 1 : 0;
}

/** `volscope history`: what the history holds, per engine; with --forget, forgets. */
export function runHistory(use: HistoryUse, forget: string | boolean | undefined, json: boolean, io: Io): number {
  const {history} = use;
  if (!history?.on) {
    io.err.write(`volscope: ${history?.note ?? 'the history is off (--no-history)'}\n`);
    return 1;
  }
  if (forget !== undefined && forget !== false) {
    const engine = typeof forget === 'string' ? forget : undefined;
    const gone = history.use((store) => store.forget(engine));
    if (gone === undefined) {
      io.err.write(`volscope: ${history.note ?? 'the history is busy (another volscope is writing); try again'}\n`);
      return 1;
    }
    if (engine !== undefined && gone === 0) {
      io.err.write(`volscope: no engine named ${sanitizeLines(engine)} in the history (volscope history lists them)\n`);
      return 1;
    }
    io.out.write(`forgot ${gone} engine${gone === 1 ? '' : 's'}\n`);
    return 0;
  }
  const engines = history.use((store) => store.summary()) ?? [];
  if (json) {
    io.out.write(
      `${JSON.stringify({path: history.path, engines: engines.map((e) => ({...e, lastSeen: new Date(e.lastSeenMs).toISOString()}))}, null, 2)}\n`,
    );
    return 0;
  }
  io.out.write(`${history.path}\n`);
  if (!engines.length) io.out.write('no engine recorded yet (the TUI, ls and record add to it)\n');
  for (const e of engines)
    io.out.write(
      `${sanitizeLines(e.name)}  ${e.volumes} volumes, ${e.points} size points, ${e.users} users, last seen ${stamp(e.lastSeenMs)} UTC  (${sanitizeLines(e.identity)})\n`,
    );
  return 0;
}
