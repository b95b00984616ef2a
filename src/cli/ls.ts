import {engineMessage} from '../docker/errors.js';
import type {EngineGateway} from '../docker/gateway.js';
import {toJson} from '../model/json.js';
import {plainTable} from '../model/plain-table.js';
import {sanitizeLines} from '../model/sanitize.js';
import {sortRows} from '../model/sort.js';
import {type HistoryUse, measured} from './history-scan.js';

/** An engine to list: its name for the ENGINE column, and its gateway (or why it could not be reached). */
export type LsEngine =
  | {readonly name: string; readonly gateway: EngineGateway; readonly swept?: Promise<readonly string[]>}
  | {readonly name: string; readonly problem: string};

/**
 * `volscope ls`: every engine listed at once; rows sorted by name, then engine. With several
 * engines each row names its engine (an ENGINE column, an `engine` field). An engine that cannot
 * be reached or listed is named on stderr with its reason, the others still print, and the exit
 * code says so (1).
 */
export async function runLs(
  engines: readonly LsEngine[],
  use: HistoryUse,
  options: {json: boolean; sizes: boolean; growthColumn?: boolean},
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const many = engines.length > 1;
  const results = await Promise.all(
    engines.map((engine) =>
      ('problem' in engine
        ? Promise.reject(new Error(engine.problem))
        : measured(engine.gateway, engine.name, options.sizes, use, engine.swept)
      ).then(
        (rows) => ({name: engine.name, rows}),
        (error: unknown) => ({name: engine.name, error: 'problem' in engine ? engine.problem : engineMessage(error)}),
      ),
    ),
  );
  const rows = sortRows(
    results.flatMap((r) => ('rows' in r ? r.rows : [])),
    {key: 'name', descending: false},
  );
  const failed = results.filter((r): r is {name: string; error: string} => 'error' in r);
  // Only engines that answered are in the output: a missing one must not look empty.
  out.write(
    options.json
      ? `${JSON.stringify(
          rows.map((row) => toJson(row, many)),
          null,
          2,
        )}\n`
      : plainTable(rows, Date.now(), options.sizes, many, options.growthColumn === true),
  );
  for (const failure of failed) {
    err.write(
      many
        ? `volscope: ${sanitizeLines(failure.name)}: ${sanitizeLines(failure.error)}\n`
        : `volscope: Listing volumes failed: ${sanitizeLines(failure.error)}\nCheck that the engine is healthy (\`docker info\`) and try again.\n`,
    );
  }
  if (failed.length && many)
    err.write(
      `volscope: ${failed.length} of ${engines.length} engines could not be listed; the volumes above are from the others.\n`,
    );
  if (use.history?.note) err.write(`volscope: ${sanitizeLines(use.history.note)}\n`);
  return failed.length ? 1 : 0;
}
