import {lastUsedText} from '../model/growth.js';
import {type HistoryUse, measured} from './history-scan.js';
import {createInterface} from 'node:readline/promises';
import type {EngineGateway} from '../docker/gateway.js';
import {apiAtLeast} from '../docker/map.js';
import type {RemoveOutcome} from '../model/cleanup.js';
import {removeExactly} from '../ops/remove.js';
import {
  describeSkip,
  freeHint,
  holdersText,
  pruneCandidates,
  pruneCommand,
  type PruneScope,
  totalSize,
} from '../model/cleanup.js';
import {formatSize, plural} from '../model/format.js';
import {joinVolumes} from '../model/join.js';
import {sanitize} from '../model/sanitize.js';
import type {VolumeRow} from '../model/types.js';
import {EXIT, ReportedError} from './errors.js';

export interface CleanupIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & {isTTY?: boolean};
}

export function refuseReadOnly(command: string): never {
  throw new ReportedError(
    `volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY), so \`volscope ${command}\` removes nothing.\nRun it without --read-only (and without VOLSCOPE_READ_ONLY set) to remove volumes.`,
    EXIT.usage,
  );
}

/** `volscope rm NAME...`: each unused one goes; one in use is named with its holders and kept. */
export async function runRm(gateway: EngineGateway, names: readonly string[], io: CleanupIo): Promise<number> {
  const rows = joinVolumes(await gateway.listVolumes(), await gateway.listContainers(), undefined, gateway.address);
  const byName = new Map(rows.map((row) => [row.volume.name, row]));
  let failed = 0;
  for (const name of names) {
    const row = byName.get(name);
    if (!row) {
      io.err.write(`volscope: ${sanitize(name)}: no such volume.\n`);
      failed += 1;
    } else if (row.containers.length) {
      io.err.write(
        `volscope: ${sanitize(name)} is in use by ${sanitize(holdersText(row))}: kept. To free it, ${sanitize(freeHint(row))}.\n`,
      );
      failed += 1;
    } else {
      const [outcome] = await removeExactly(gateway, [name]);
      if (outcome?.removed) io.out.write(`${sanitize(name)}\n`);
      else {
        io.err.write(`volscope: ${describeSkip(outcome!, await gateway.listContainers())}\n`);
        failed += 1;
      }
    }
  }
  return failed ? EXIT.failure : EXIT.ok;
}

/** `volscope prune`: the exact list first, then exactly those names, one by one. */
export async function runPrune(
  gateway: EngineGateway,
  options: {all: boolean; dryRun: boolean; yes: boolean; label?: string},
  io: CleanupIo,
  use: HistoryUse = {history: undefined, window: '24h', read: false},
): Promise<number> {
  const scope: PruneScope = options.all ? 'all' : 'anonymous';
  // Measured and recorded like any scan; the history adds who used each candidate last.
  const [rows, version] = await Promise.all([measured(gateway, gateway.address, true, use), gateway.version()]);
  const labelledOnly = apiAtLeast(version.apiVersion, '1.42');
  const candidates = pruneCandidates(rows, scope, {
    labelledOnly,
    ...(options.label ? {label: options.label} : {}),
  });
  if (candidates.length === 0) {
    io.out.write(`Nothing to prune: no unused ${scope === 'all' ? '' : 'anonymous '}volumes.\n`);
    return EXIT.ok;
  }
  io.out.write(previewText(candidates, scope));
  if (options.dryRun) return EXIT.ok;
  if (!options.yes) {
    if (!io.stdin.isTTY) {
      throw new ReportedError(
        'Not removing anything: stdin is not a terminal to ask on.\nReview the list with --dry-run, then run again with --yes to remove exactly these volumes.',
        EXIT.usage,
      );
    }
    if (!(await confirm(io, scope, candidates.length))) {
      io.out.write('Cancelled: nothing removed.\n');
      return EXIT.failure;
    }
  }
  const sizes = new Map(candidates.map((row) => [row.volume.name, row.size]));
  let reclaimed = 0;
  const outcomes = await removeExactly(
    gateway,
    candidates.map((row) => row.volume.name),
    (outcome) => {
      if (outcome.removed) {
        reclaimed += sizes.get(outcome.name) ?? 0;
        io.out.write(`removed ${sanitize(outcome.name)}\n`);
      }
    },
  );
  const skipped = outcomes.filter((o): o is Extract<RemoveOutcome, {removed: false}> => !o.removed);
  if (skipped.length) {
    const now = await gateway.listContainers();
    for (const outcome of skipped) io.err.write(`skipped ${describeSkip(outcome, now)}\n`);
  }
  io.out.write(
    `Removed ${outcomes.length - skipped.length} of ${plural(outcomes.length, 'volume')}, reclaimed ${formatSize(reclaimed, '?')}` +
      (skipped.length ? `; skipped ${skipped.length} (listed above).\n` : '.\n'),
  );
  return skipped.some((o) => o.reason !== 'gone') ? EXIT.failure : EXIT.ok;
}

export function previewText(candidates: readonly VolumeRow[], scope: PruneScope): string {
  const width = Math.max(...candidates.map((row) => sanitize(row.volume.name).length));
  const lines = candidates.map((row) => {
    const users = row.history?.users.length ? `  ${lastUsedText(row.history.users, new Set(), 2)}` : '';
    return `  ${sanitize(row.volume.name).padEnd(width)}  ${formatSize(row.size, '?').padStart(9)}${users}`;
  });
  const total = totalSize(candidates);
  const unknown = total.unknown ? ` (+${total.unknown} of unknown size)` : '';
  const what = scope === 'all' ? 'unused volumes, named ones included' : 'unused anonymous volumes';
  return `${plural(candidates.length, 'volume')} to remove (${what}; like \`${pruneCommand(scope)}\`):\n${lines.join('\n')}\nTotal: ${formatSize(total.bytes, '?')}${unknown}\n`;
}

async function confirm(io: CleanupIo, scope: PruneScope, count: number): Promise<boolean> {
  const rl = createInterface({input: io.stdin, output: io.out as NodeJS.WritableStream});
  try {
    if (scope === 'all')
      return (await rl.question(`Named volumes go too. Type prune to remove these ${count}: `)).trim() === 'prune';
    return /^y(es)?$/i.test((await rl.question(`Remove these ${count}? [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
