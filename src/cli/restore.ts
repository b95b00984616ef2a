import {createReadStream, createWriteStream} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline/promises';
import {pipeline} from 'node:stream/promises';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {verifyArchive} from '../local/verify.js';
import {formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {EXIT, ReportedError} from './errors.js';
import {withStopped} from './stopped.js';

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
 * `volscope restore FILE|- VOLUME`: the whole archive is checked before anything is written
 * (structure, entry names, checksum); the engine then unpacks it into the volume. `-` is
 * spooled to a temporary file first, so stdin gets the same checks.
 */
export async function runRestore(gateway: DockerodeGateway, file: string, name: string, options: RestoreOptions, io: RestoreIo): Promise<number> {
  let spool: string | undefined;
  try {
    let path = file;
    if (file === '-') {
      spool = await mkdtemp(join(tmpdir(), 'volscope-restore-'));
      path = join(spool, 'stdin.tar');
      await pipeline(io.stdin, createWriteStream(path));
    }
    const report = await verifyArchive(path).catch((error: NodeJS.ErrnoException) => {
      throw new ReportedError(`Cannot read ${file}: ${error.message}`);
    });
    if (report.problems.length) {
      throw new ReportedError(`Not restoring ${file}: nothing was written.\n${report.problems.map((p) => `  ${sanitize(p)}`).join('\n')}`);
    }
    const [volumes, containers] = await Promise.all([gateway.listVolumes(), gateway.listContainers()]);
    const existing = volumes.find((v) => v.name === name);
    const running = containers.filter((c) => c.state === 'running' && c.mounts.some((m) => m.volumeName === name));
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
    const recorded = report.manifest?.volume;
    const asRecorded = recorded !== undefined && !options.plain;
    const write = async () => {
      if (mustEmpty) await gateway.emptyVolume(name, options.image);
      if (!existing) {
        await gateway.createVolume(asRecorded ? {name, driver: recorded.driver, labels: recorded.labels, driverOpts: recorded.options} : {name, driver: 'local', labels: {}, driverOpts: {}});
      }
      await gateway.restoreIntoVolume(name, options.image, createReadStream(path));
    };
    await withStopped(gateway, running, write, (line) => io.err.write(`volscope: ${sanitize(line)}\n`));
    const created = existing ? '' : ` (created${asRecorded ? ` as recorded: driver ${sanitize(recorded.driver)}, ${plural(Object.keys(recorded.labels).length, 'label')}` : ''})`;
    io.out.write(`Restored ${plural(report.entries, 'entry', 'entries')} (${formatSize(report.contentBytes, '?')}) into ${sanitize(name)}${created}.\n`);
    return EXIT.ok;
  } finally {
    if (spool) await rm(spool, {recursive: true, force: true});
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
