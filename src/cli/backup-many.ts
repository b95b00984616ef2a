import {join} from 'node:path';
import {crashPoint} from '../local/crash-points.js';
import type {TransferGateway} from '../docker/gateway.js';
import {engineMessage} from '../docker/errors.js';
import {removeOlderBackups} from '../local/backup-dir.js';
import {LockedError, lockBackupDir} from '../local/backup-lock.js';
import {freeBackupName} from '../model/backup-manifest.js';
import {formatSize, plural} from '../model/format.js';
import {joinVolumes} from '../model/join.js';
import {sanitize} from '../model/sanitize.js';
import {selectorText, selectVolumes, type VolumeSelector} from '../model/selection.js';
import type {Encryption} from '../local/age.js';
import {backup} from '../ops/backup.js';
import {rememberTarget} from '../local/recent-targets.js';
import {parseStoreAddress} from '../model/store-address.js';
import {FolderStore} from '../targets/folder.js';
import {openRemoteFolder} from '../targets/open.js';
import {type BackupStore, type RemoteStore, StoreError} from '../targets/store.js';
import {OpError} from '../ops/errors.js';
import {EXIT, ReportedError} from './errors.js';
import {onInterrupt} from './interrupt.js';

export interface BackupManyOptions {
  readonly dir: string;
  readonly keep?: number;
  readonly level: number;
  readonly image: string;
  readonly stopContainers: boolean;
  readonly quiet: boolean;
  readonly encryption?: Encryption;
  /** Take a lock of another host (or one volscope cannot read) in DIR. */
  readonly breakLock?: boolean;
  /** The command line as run, for the refusal that names --break-lock. */
  readonly command?: string;
}

export interface BackupManyIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/**
 * `volscope backup --all | --label K[=V] | --project NAME | VOLUME... -o DIR [--keep N]`: one
 * verified archive per volume, one after another, for cron: silent on success but for one summary
 * line, each failure on stderr, the others still done (exit 1 if any failed). With --keep, after a
 * volume's new archive is verified, its older archives in DIR beyond the newest N go. A lock file
 * in DIR keeps two runs apart.
 */
export async function runBackupMany(
  engine: TransferGateway,
  selector: VolumeSelector,
  options: BackupManyOptions,
  io: BackupManyIo,
): Promise<number> {
  const started = performance.now();
  const [volumes, containers] = await Promise.all([engine.listVolumes(), engine.listContainers()]);
  const {rows, missing} = selectVolumes(joinVolumes(volumes, containers, undefined, engine.address), selector);
  const fail = (line: string) => io.err.write(`volscope: ${sanitize(line)}\n`);
  for (const name of missing)
    fail(`backup of ${name} failed: no volume named ${name} on this engine (\`docker volume ls\` lists them).`);
  if (rows.length === 0) {
    if (!missing.length) fail(`no volume matches ${selectorText(selector)}: nothing was backed up.`);
    return EXIT.failure;
  }
  const folder = await openFolder(options, (line) => io.err.write(`volscope: ${sanitize(line)}\n`));
  // Ctrl+C, SIGTERM (systemd stopping the unit), a hang-up: the archive under way leaves no file under its name, the lock goes.
  const interrupt = onInterrupt();
  let failed = missing.length;
  let written = 0;
  let bytes = 0;
  let removed = 0;
  const taken = new Set((await folder.store.list().catch(() => [])).map((f) => f.name));
  try {
    for (const row of rows) {
      if (interrupt.signal.aborted) break;
      const name = row.volume.name;
      const file = freeBackupName(name, new Date(), options.encryption !== undefined, taken);
      taken.add(file);
      try {
        const result = await backup(engine, {
          volume: name,
          target: folder.remote
            ? {kind: 'upload', store: folder.remote, name: file}
            : {kind: 'file', path: join(options.dir, file)},
          image: options.image,
          level: options.level,
          stopContainers: options.stopContainers,
          ...(options.encryption ? {encryption: options.encryption} : {}),
          signal: interrupt.signal,
          log: (line) => fail(`${name}: ${line}`),
          onRunningUsers: (running) =>
            fail(
              `warning: ${name} is in use by ${running.map((c) => c.name).join(', ')}: files changing during the copy may be inconsistent (--stop-containers stops them for it).`,
            ),
        });
        const problems = result.check?.problems ?? [];
        if (problems.length) {
          failed += 1;
          fail(
            `backup of ${name} failed its check: ${problems.join('; ')} (${file} kept for a look; older archives not touched).`,
          );
          continue;
        }
        written += 1;
        bytes += result.writtenBytes;
        crashPoint('many-written');
        if (options.keep !== undefined)
          removed += (await removeOlderBackups(folder.store, name, options.keep, file)).length;
      } catch (error) {
        if (interrupt.signal.aborted) break;
        failed += 1;
        fail(`backup of ${name} failed: ${error instanceof OpError ? error.message : engineMessage(error)}`);
      }
    }
  } finally {
    interrupt.release();
    await folder.release();
  }
  if (written) rememberTarget(options.dir);
  const signalled = interrupt.code();
  if (signalled) {
    fail(`interrupted: ${plural(written, 'archive')} written before it; nothing under the name of the one under way.`);
    return signalled;
  }
  if (!options.quiet) {
    const pruned =
      options.keep !== undefined ? `, ${plural(removed, 'older archive')} removed (--keep ${options.keep})` : '';
    const failures = failed ? `; ${failed} failed (above)` : '';
    io.out.write(
      `Backed up ${written} of ${plural(rows.length + missing.length, 'volume')} to ${sanitize(options.dir)} (${formatSize(bytes, '?')}, each checked)${pruned} in ${((performance.now() - started) / 1000).toFixed(1)} s${failures}.\n`,
    );
  }
  return failed ? EXIT.failure : EXIT.ok;
}

/**
 * The folder the archives go to, made if missing: here, it is locked (`.volscope-backup.lock`) so
 * two runs never write or prune it at once; off this machine, it is a store the archives are
 * uploaded to (no lock there: two runs on one remote folder are not kept apart).
 */
async function openFolder(
  {dir, breakLock, command}: BackupManyOptions,
  log: (line: string) => void,
): Promise<{store: BackupStore; remote: RemoteStore | undefined; release(): Promise<void>}> {
  const address = parseStoreAddress(dir);
  const cannot = (error: Error) => {
    throw new ReportedError(
      error instanceof StoreError ? error.message : `Cannot use ${dir} for the backups: ${error.message}`,
    );
  };
  if (address.kind !== 'folder') {
    const remote = await openRemoteFolder(address).catch(cannot);
    return {store: remote, remote, release: () => remote.close()};
  }
  const store = new FolderStore(dir);
  await store.ensureFolder().catch(cannot);
  const release = await lockBackupDir(dir, {breakLock: breakLock === true, log, ...(command ? {command} : {})}).catch(
    (error: unknown) => {
      throw error instanceof LockedError ? new ReportedError(error.message) : error;
    },
  );
  return {store, remote: undefined, release};
}
