import {toJson} from '../model/json.js';
import {plainTable} from '../model/plain-table.js';
import {sanitizeLines} from '../model/sanitize.js';
import {sortRows} from '../model/sort.js';
import type {VolumeRow} from '../model/types.js';

/** One engine's part of `volscope ls`: its rows, or why it could not be listed. */
export type LsResult =
  | {readonly name: string; readonly rows: VolumeRow[]}
  | {readonly name: string; readonly error: string};

export interface LsOutput {
  readonly json: boolean;
  readonly sizes: boolean;
  readonly growthColumn?: boolean;
}

/**
 * Prints what `ls` found: rows sorted by name, then engine; with several engines each row names
 * its engine (an ENGINE column, an `engine` field). An engine that could not be listed is named on
 * stderr with its reason, the others still print, and the exit code says so (1).
 */
export function printLs(
  results: readonly LsResult[],
  note: string | undefined,
  options: LsOutput,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): number {
  const many = results.length > 1;
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
      `volscope: ${failed.length} of ${results.length} engines could not be listed; the volumes above are from the others.\n`,
    );
  if (note) err.write(`volscope: ${sanitizeLines(note)}\n`);
  return failed.length ? 1 : 0;
}
