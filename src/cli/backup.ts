import type {TransferGateway} from '../docker/gateway.js';
import type {BackupProgress, BackupTarget} from '../local/backup-file.js';
import {defaultBackupName} from '../model/backup-manifest.js';
import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {backup, type BackupOutcome} from '../ops/backup.js';
import {archiveReportText} from '../model/job-text.js';
import {verifyBackup} from '../ops/verify.js';
import type {Encryption, Unlock} from '../local/age.js';
import {isRemoteAddress, parseStoreAddress} from '../model/store-address.js';
import {openRemoteFolder} from '../targets/open.js';
import type {RemoteStore} from '../targets/store.js';
import {rememberTarget} from '../local/recent-targets.js';
import {EXIT, LOCKED_ADVICE, ReportedError, reportOpErrors, stopAdvice} from './errors.js';
import {onInterrupt} from './interrupt.js';

export interface BackupIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & {isTTY?: boolean};
}

/**
 * `volscope backup VOLUME [-o FILE|-]`: the volume's tar from the engine, compressed here in
 * parallel, written atomically, then read back and checked. `-` streams to stdout.
 */
export async function runBackup(
  engine: TransferGateway,
  name: string,
  options: {output?: string; level: number; image: string; stopContainers?: boolean; encryption?: Encryption},
  io: BackupIo,
): Promise<number> {
  const file = defaultBackupName(name, new Date(), options.encryption !== undefined);
  const remote =
    options.output && isRemoteAddress(options.output) ? await openRemoteFolderFor(options.output) : undefined;
  const target: BackupTarget =
    options.output === '-'
      ? {kind: 'stream', stream: io.out}
      : remote
        ? {kind: 'upload', store: remote, name: file}
        : {kind: 'file', path: options.output ?? file};
  // Ctrl+C, SIGTERM or a dropped SSH session: the write stops, no file under the final name, no helper left.
  const interrupt = onInterrupt();
  const progress = progressLine(io.err, performance.now());
  let result: BackupOutcome;
  try {
    result = await reportOpErrors(
      backup(engine, {
        volume: name,
        target,
        image: options.image,
        level: options.level,
        stopContainers: options.stopContainers ?? false,
        ...(options.encryption ? {encryption: options.encryption} : {}),
        signal: interrupt.signal,
        onProgress: progress.update,
        onRunningUsers: (running) =>
          io.err.write(
            `volscope: warning: ${sanitize(name)} is in use by ${running.length === 1 ? 'a running container' : 'running containers'} (${running.map((c) => sanitize(c.name)).join(', ')}): files changing during the copy may be inconsistent. Add --stop-containers to stop them for the backup and start them again afterwards.\n`,
          ),
        log: (line) => io.err.write(`volscope: ${sanitize(line)}\n`),
      }),
      {inUse: stopAdvice('backup')},
    );
  } catch (error) {
    // Interrupted: no file under the final name, and the helper is gone.
    if (interrupt.code()) return interrupt.code();
    throw error;
  } finally {
    progress.done();
    interrupt.release();
    await remote?.close();
  }
  const rate = `${formatSize(result.rawBytes / Math.max(result.seconds, 0.001), '?')}/s`;
  if (!result.path) {
    io.err.write(
      `volscope: ${sanitize(name)}: ${formatSize(result.rawBytes, '?')} of tar as ${formatSize(result.writtenBytes, '?')} ${options.encryption ? '.tar.gz.age' : '.tar.gz'} to stdout in ${result.seconds.toFixed(1)} s (${rate}); sha256 ${result.sha256}\n`,
    );
    return EXIT.ok;
  }
  io.err.write(
    `volscope: wrote ${sanitize(result.path)} (${formatSize(result.writtenBytes, '?')} from ${formatSize(result.rawBytes, '?')} of tar) in ${result.seconds.toFixed(1)} s (${rate}), ${remote ? 'checked as it was sent, and what arrived by its SHA-256' : 'read back as it was written'}:\n`,
  );
  const report = result.check!;
  if (!report.problems.length) rememberTarget(options.output ?? result.path);
  io.out.write(archiveReportText(result.path, report));
  return report.problems.length ? EXIT.failure : EXIT.ok;
}

/** An sftp:// or rclone: folder for `-o`, made if missing. */
async function openRemoteFolderFor(text: string): Promise<RemoteStore> {
  const address = parseStoreAddress(text);
  if (address.kind === 'folder') throw new Error('not a remote address');
  return openRemoteFolder(address).catch((error: Error) => {
    throw new ReportedError(`Cannot back up to ${text}: ${error.message}`);
  });
}

/** `volscope verify FILE [-i KEY]`: exit 1 on any problem. */
export async function runVerify(path: string, unlock: Unlock | undefined, io: BackupIo): Promise<number> {
  const report = await reportOpErrors(verifyBackup(path, unlock), {locked: () => LOCKED_ADVICE});
  io.out.write(archiveReportText(path, report));
  return report.problems.length ? EXIT.failure : EXIT.ok;
}

/**
 * Progress on stderr when it is a terminal: bytes and rate. No ETA: the size would need
 * /system/df, which walks every volume on the host and can cost more than the backup.
 */
function progressLine(err: BackupIo['err'], started: number) {
  let last = 0;
  let shown = false;
  return {
    update(progress: BackupProgress) {
      if (!err.isTTY) return;
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      const rate = progress.rawBytes / Math.max((now - started) / 1000, 0.001);
      err.write(
        `\r\u001b[2K${formatSize(progress.rawBytes, '?')} read, ${formatSize(progress.writtenBytes, '?')} written, ${formatSize(rate, '?')}/s`,
      );
      shown = true;
    },
    done() {
      if (shown) err.write('\r\u001b[2K');
    },
  };
}
