import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {ExportError} from '../local/export.js';
import {type BackupProgress, type BackupResult, type BackupTarget, writeBackup} from '../local/backup-file.js';
import {type ArchiveReport, verifyArchive} from '../local/verify.js';
import {defaultBackupName, manifestFor} from '../model/backup-manifest.js';
import {formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {EXIT, ReportedError} from './errors.js';
import {runningUsers, withStopped} from './stopped.js';

export interface BackupIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & {isTTY?: boolean};
}

/**
 * One backup: the volume's tar from a never-started helper, written by writeBackup. The helper
 * is removed whatever happens; an aborted signal leaves no file under the final name. Shared by
 * `volscope backup` and the TUI's `b`.
 */
export async function backupVolume(
  gateway: DockerodeGateway,
  name: string,
  target: BackupTarget,
  options: {image: string; level: number; signal?: AbortSignal; onProgress?: (progress: BackupProgress) => void},
): Promise<BackupResult> {
  const archive = await gateway.openVolumeArchive(name, options.image);
  try {
    return await writeBackup(archive.stream as AsyncIterable<Buffer>, target, {
      manifest: manifestFor(archive.volume, new Date()),
      level: options.level,
      ...(options.signal ? {signal: options.signal} : {}),
      ...(options.onProgress ? {onProgress: options.onProgress} : {}),
    });
  } finally {
    await archive.release().catch(() => undefined);
  }
}

/**
 * `volscope backup VOLUME [-o FILE|-]`: the volume's tar from the engine, compressed here in
 * parallel, written atomically, then read back and checked. `-` streams to stdout.
 */
export async function runBackup(
  gateway: DockerodeGateway,
  name: string,
  options: {output?: string; level: number; image: string; stopContainers?: boolean},
  io: BackupIo,
): Promise<number> {
  const toStdout = options.output === '-';
  const target: BackupTarget = toStdout ? {kind: 'stream', stream: io.out} : {kind: 'file', path: options.output ?? defaultBackupName(name, new Date())};
  const running = await runningUsers(gateway, name);
  if (running.length && !options.stopContainers) {
    io.err.write(`volscope: warning: ${sanitize(name)} is in use by ${running.length === 1 ? 'a running container' : 'running containers'} (${running.map((c) => sanitize(c.name)).join(', ')}): files changing during the copy may be inconsistent. Add --stop-containers to stop them for the backup and start them again afterwards.\n`);
  }
  // Ctrl+C, SIGTERM or a dropped SSH session: the write stops, no file under the final name, no helper left.
  const abort = new AbortController();
  let exitCode = 0;
  const onSignal = (code: number) => () => {
    exitCode = code;
    abort.abort();
  };
  const signals = [['SIGINT', onSignal(130)], ['SIGTERM', onSignal(143)], ['SIGHUP', onSignal(129)]] as const;
  for (const [signal, handler] of signals) process.on(signal, handler);
  const started = performance.now();
  const progress = progressLine(io.err, started);
  let result: BackupResult;
  try {
    const work = () => backupVolume(gateway, name, target, {image: options.image, level: options.level, signal: abort.signal, onProgress: progress.update});
    result = await withStopped(gateway, options.stopContainers ? running : [], work, (line) => io.err.write(`volscope: ${sanitize(line)}\n`));
  } catch (error) {
    // Interrupted: writeBackup removed its temporary file and backupVolume its helper.
    if (exitCode) return exitCode;
    if (error instanceof ExportError) throw new ReportedError(`Backup of ${name} not written: ${error.message}`);
    throw error;
  } finally {
    progress.done();
    for (const [signal, handler] of signals) process.off(signal, handler);
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = `${formatSize(result.rawBytes / Math.max(seconds, 0.001), '?')}/s`;
  if (!result.path) {
    io.err.write(`volscope: ${sanitize(name)}: ${formatSize(result.rawBytes, '?')} of tar as ${formatSize(result.writtenBytes, '?')} .tar.gz to stdout in ${seconds.toFixed(1)} s (${rate}); sha256 ${result.sha256}\n`);
    return EXIT.ok;
  }
  io.err.write(`volscope: wrote ${sanitize(result.path)} (${formatSize(result.writtenBytes, '?')} from ${formatSize(result.rawBytes, '?')} of tar) in ${seconds.toFixed(1)} s (${rate}), read back as it was written:\n`);
  const report = result.check!;
  io.out.write(reportText(result.path, report));
  return report.problems.length ? EXIT.failure : EXIT.ok;
}

/** `volscope verify FILE`: exit 1 on any problem. */
export async function runVerify(path: string, io: BackupIo): Promise<number> {
  const report = await verifyArchive(path).catch((error: NodeJS.ErrnoException) => {
    throw new ReportedError(`Cannot read ${path}: ${error.message}`);
  });
  io.out.write(reportText(path, report));
  return report.problems.length ? EXIT.failure : EXIT.ok;
}

function reportText(path: string, report: ArchiveReport): string {
  const lines = [`${sanitize(path)}: ${report.problems.length ? 'PROBLEMS' : 'OK'}`];
  lines.push(`  ${plural(report.entries, 'entry', 'entries')}, ${formatSize(report.contentBytes, '?')} of content, ${report.compressed ? 'gzip' : 'plain tar'}`);
  lines.push(`  sha256 ${report.sha256}${report.expectedSha256 ? (report.expectedSha256 === report.sha256 ? ' (matches .sha256)' : '') : ' (no .sha256 beside it)'}`);
  const volume = report.manifest?.volume;
  if (volume) {
    const labels = Object.keys(volume.labels).length;
    lines.push(`  volume ${sanitize(volume.name)}, driver ${sanitize(volume.driver)}, ${plural(labels, 'label')}, backed up ${report.manifest!.createdAt}`);
  } else {
    lines.push('  no volscope manifest (made by another tool): a restore needs the volume name and creates it plain');
  }
  for (const problem of report.problems) lines.push(`  problem: ${sanitize(problem)}`);
  return `${lines.join('\n')}\n`;
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
      err.write(`\r\u001b[2K${formatSize(progress.rawBytes, '?')} read, ${formatSize(progress.writtenBytes, '?')} written, ${formatSize(rate, '?')}/s`);
      shown = true;
    },
    done() {
      if (shown) err.write('\r\u001b[2K');
    },
  };
}
