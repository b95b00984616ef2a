import {once} from 'node:events';
import {constants, createReadStream} from 'node:fs';
import {access} from 'node:fs/promises';
import {createInterface} from 'node:readline/promises';
import {PassThrough} from 'node:stream';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {engineMessage} from '../docker/errors.js';
import {readArchive, readSidecar, sha256File} from '../local/verify.js';
import type {BackupManifest} from '../model/backup-manifest.js';
import {formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {EXIT, ReportedError} from './errors.js';
import {runningUsersIn, withStopped} from './stopped.js';

export interface RestoreOptions {
  readonly replace: boolean;
  readonly yes: boolean;
  /** Create a missing volume plain (local, no labels) instead of as recorded. */
  readonly plain: boolean;
  readonly image: string;
  /** Stop running containers that use the volume, and start them again afterwards. */
  readonly stopContainers?: boolean;
}

export interface RestoreIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & {isTTY?: boolean};
}

/**
 * `volscope restore FILE|- VOLUME`, in one pass over the archive: its tar is checked header by
 * header (structure, entry names) as it streams to the engine, which unpacks it into the volume.
 * An entry that would land outside the volume never reaches the engine. What can only be known
 * at the end — a damaged or cut-short archive — undoes the restore: a volume it created is
 * removed, one it filled is emptied again. With a FILE.sha256 beside it, the checksum is checked
 * first (a quick pass), so a tampered or truncated backup writes nothing at all.
 */
export async function runRestore(gateway: DockerodeGateway, file: string, name: string, options: RestoreOptions, io: RestoreIo): Promise<number> {
  const source = file === '-' ? (io.stdin as AsyncIterable<Buffer>) : await openArchiveFile(file);
  const expectedSha256 = file === '-' ? undefined : await readSidecar(file);
  if (expectedSha256) {
    const actual = await sha256File(file);
    if (actual !== expectedSha256) throw new ReportedError(`Not restoring ${file}: nothing was written.
  SHA-256 mismatch: ${file}.sha256 says ${expectedSha256}, the file is ${actual} (changed or cut short since the backup).`);
  }
  const [volumes, containers] = await Promise.all([gateway.listVolumes(), gateway.listContainers()]);
  const existing = volumes.find((v) => v.name === name);
  const running = runningUsersIn(containers, name);
  if (running.length && !options.stopContainers) {
    const names = running.map((c) => sanitize(c.name)).join(' ');
    throw new ReportedError(`Not restoring into ${name}: running containers use it (${names}). Add --stop-containers to stop them for the restore and start them again afterwards, or stop them yourself (\`docker stop ${names}\`).`);
  }
  // Every question is asked before any container is stopped.
  const mustEmpty = existing !== undefined && !(await gateway.volumeIsEmpty(name, options.image));
  if (mustEmpty) {
    if (!options.replace) {
      throw new ReportedError(`Not restoring into ${name}: it already holds files, and a restore does not mix trees.\nRestore into a new name, or add --replace to empty ${name} first.`);
    }
    if (!options.yes && !(await confirmEmpty(name, io))) {
      io.out.write('Cancelled: nothing changed.\n');
      return EXIT.failure;
    }
  }
  let recorded: BackupManifest['volume'] | undefined;
  const write = async () => {
    const unpack = new EngineUnpack(gateway, name, options.image);
    const report = await readArchive(source, {
      expectedSha256,
      onTar: async (chunk, manifest) => {
        if (!unpack.started) {
          // The first checked bytes: only now is anything changed on the engine.
          recorded = options.plain ? undefined : manifest?.volume;
          if (mustEmpty) await gateway.emptyVolume(name, options.image);
          if (!existing) {
            await gateway.createVolume(recorded ? {name, driver: recorded.driver, labels: recorded.labels, driverOpts: recorded.options} : {name, driver: 'local', labels: {}, driverOpts: {}});
          }
          unpack.start();
        }
        await unpack.write(chunk);
      },
    }).catch(async (error: unknown) => {
      await unpack.abort();
      throw new ReportedError(`Not restoring ${file}: the engine refused: ${engineMessage(error)}\n${await undo(gateway, name, options.image, unpack.started, existing !== undefined)}`);
    });
    const failure = report.problems.length ? report.problems : await unpack.finish();
    if (failure.length === 0) return report;
    await unpack.abort();
    throw new ReportedError(`Not restoring ${file}:\n${failure.map((p) => `  ${sanitize(p)}`).join('\n')}\n${await undo(gateway, name, options.image, unpack.started, existing !== undefined)}`);
  };
  const report = await withStopped(gateway, running, write, (line) => io.err.write(`volscope: ${sanitize(line)}\n`));
  const created = existing ? '' : ` (created${recorded ? ` as recorded: driver ${sanitize(recorded.driver)}, ${plural(Object.keys(recorded.labels).length, 'label')}` : ''})`;
  io.out.write(`Restored ${plural(report.entries, 'entry', 'entries')} (${formatSize(report.contentBytes, '?')}) into ${sanitize(name)}${created}.\n`);
  return EXIT.ok;
}

async function openArchiveFile(file: string): Promise<AsyncIterable<Buffer>> {
  await access(file, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
    throw new ReportedError(`Cannot read ${file}: ${error.message}`);
  });
  return createReadStream(file, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>;
}

/** Puts a restore that failed midway back to how it was: no volume, or an empty one. */
async function undo(gateway: DockerodeGateway, name: string, image: string, started: boolean, existed: boolean): Promise<string> {
  if (!started) return 'Nothing was written.';
  try {
    if (existed) {
      await gateway.emptyVolume(name, image);
      return `What was written into ${name} was deleted again: it is empty.`;
    }
    await gateway.removeVolume(name);
    return `The volume ${name} it had created was removed again.`;
  } catch (error) {
    const fix = existed ? `empty it with \`volscope restore FILE ${name} --replace\` or by hand` : `remove it with \`docker volume rm ${name}\``;
    return `Could not undo the partial restore (${(error as Error).message}): ${fix}.`;
  }
}

/**
 * The engine's side of a restore: PUT archive on a never-started helper, fed chunk by chunk with
 * backpressure. Aborting cuts the request, so the engine never mistakes a partial tar for a whole one.
 */
class EngineUnpack {
  private readonly body = new PassThrough({highWaterMark: 4 << 20});
  private readonly controller = new AbortController();
  private put: Promise<void> | undefined;
  private failed: Promise<never> | undefined;
  private error: Error | undefined;

  constructor(
    private readonly gateway: DockerodeGateway,
    private readonly name: string,
    private readonly image: string,
  ) {}

  get started(): boolean {
    return this.put !== undefined;
  }

  start(): void {
    this.put = this.gateway.restoreIntoVolume(this.name, this.image, this.body, this.controller.signal);
    this.put.catch((error: Error) => (this.error = error));
    this.failed = this.put.then(() => {
      throw new Error('the engine stopped reading the archive');
    });
    this.failed.catch(() => undefined);
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.error) throw this.error;
    if (!this.body.write(chunk)) await Promise.race([once(this.body, 'drain'), this.failed]);
  }

  /** The engine's problems, if any, once the whole archive is sent. */
  async finish(): Promise<string[]> {
    if (!this.put) return [];
    this.body.end();
    try {
      await this.put;
      return [];
    } catch (error) {
      return [`the engine could not unpack it: ${engineMessage(error)}`];
    }
  }

  async abort(): Promise<void> {
    if (!this.put) return;
    this.controller.abort();
    this.body.destroy();
    await this.put.catch(() => undefined);
  }
}

async function confirmEmpty(name: string, io: RestoreIo): Promise<boolean> {
  if (!io.stdin.isTTY) {
    throw new ReportedError(`Not emptying ${name}: stdin is not a terminal to ask on. Add --yes to confirm --replace.`, EXIT.usage);
  }
  const rl = createInterface({input: io.stdin, output: io.out});
  try {
    return (await rl.question(`Everything in ${name} will be deleted first. Type the volume name to go on: `)).trim() === name;
  } finally {
    rl.close();
  }
}
