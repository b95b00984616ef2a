import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {ExportError} from '../local/export.js';
import {type BackupProgress, type BackupTarget, removeUnfinishedBackups, writeBackup} from '../local/backup-file.js';
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
  const now = new Date();
  const output = toStdout ? undefined : (options.output ?? defaultBackupName(name, now));
  // No ETA from /system/df here: it walks every volume on the host, which can cost more than the backup.
  const expected: number | undefined = undefined;
  const running = await runningUsers(gateway, name);
  if (running.length && options.stopContainers) {
    return withStopped(gateway, running, () => runBackup(gateway, name, {...options, stopContainers: false}, io), (line) => io.err.write(`volscope: ${sanitize(line)}\n`));
  }
  if (running.length) {
    io.err.write(`volscope: warning: ${sanitize(name)} is in use by ${running.length === 1 ? 'a running container' : 'running containers'} (${running.map((c) => sanitize(c.name)).join(', ')}): files changing during the copy may be inconsistent. Add --stop-containers to stop them for the backup and start them again afterwards.\n`);
  }
  const archive = await gateway.openVolumeArchive(name, options.image);
  // Ctrl+C, SIGTERM or a dropped SSH session: no file under the final name, no helper left.
  const onSignal = (code: number) => () => {
    removeUnfinishedBackups();
    void archive.release().finally(() => process.exit(code));
  };
  const signals = [['SIGINT', onSignal(130)], ['SIGTERM', onSignal(143)], ['SIGHUP', onSignal(129)]] as const;
  for (const [signal, handler] of signals) process.on(signal, handler);
  const started = performance.now();
  const progress = progressLine(io.err, expected, started);
  let result;
  try {
    const target: BackupTarget = toStdout ? {kind: 'stream', stream: io.out} : {kind: 'file', path: output!};
    result = await writeBackup(archive.stream as AsyncIterable<Buffer>, target, {manifest: manifestFor(archive.volume, now), level: options.level, onProgress: progress.update});
  } catch (error) {
    if (error instanceof ExportError) throw new ReportedError(`Backup of ${name} not written: ${error.message}`);
    throw error;
  } finally {
    progress.done();
    await archive.release();
    for (const [signal, handler] of signals) process.off(signal, handler);
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = `${formatSize(result.rawBytes / Math.max(seconds, 0.001), '?')}/s`;
  if (!result.path) {
    io.err.write(`volscope: ${sanitize(name)}: ${formatSize(result.rawBytes, '?')} of tar as ${formatSize(result.writtenBytes, '?')} .tar.gz to stdout in ${seconds.toFixed(1)} s (${rate}); sha256 ${result.sha256}\n`);
    return EXIT.ok;
  }
  io.err.write(`volscope: wrote ${sanitize(result.path)} (${formatSize(result.writtenBytes, '?')} from ${formatSize(result.rawBytes, '?')} of tar) in ${seconds.toFixed(1)} s (${rate}); checking it${'…'}\n`);
  const report = await verifyArchive(result.path);
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

/** Progress on stderr when it is a terminal: bytes, rate, ETA from the volume's measured size. */
function progressLine(err: BackupIo['err'], expected: number | undefined, started: number) {
  let last = 0;
  let shown = false;
  return {
    update(progress: BackupProgress) {
      if (!err.isTTY) return;
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = progress.rawBytes / Math.max(seconds, 0.001);
      const of = expected ? ` of ~${formatSize(expected, '?')}` : '';
      const eta = expected && rate > 0 && expected > progress.rawBytes ? `, ETA ${Math.ceil((expected - progress.rawBytes) / rate)} s` : '';
      err.write(`\r\u001b[2K${formatSize(progress.rawBytes, '?')}${of} read, ${formatSize(progress.writtenBytes, '?')} written, ${formatSize(rate, '?')}/s${eta}`);
      shown = true;
    },
    done() {
      if (shown) err.write('\r\u001b[2K');
    },
  };
}
