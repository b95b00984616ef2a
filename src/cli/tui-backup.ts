import type {BackupService} from '../app/use-backup.js';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {engineMessage} from '../docker/errors.js';
import {formatSize} from '../model/format.js';
import {Readable, Writable} from 'node:stream';
import {resolveDestination} from '../local/export.js';
import {backupVolume} from './backup.js';
import {cloneSummary, cloneVolume} from './clone.js';
import {ReportedError} from './errors.js';
import {runRestore} from './restore.js';
import {runningUsers, withStopped} from './stopped.js';

/** The TUI's backups: the same pieces as `volscope backup`, reporting in one line each. */
export function backupService(gateway: DockerodeGateway, image: string): BackupService {
  return {
    async backup(volume, path, {signal, onProgress, stopContainers}) {
      if (stopContainers) {
        const running = await runningUsers(gateway, volume);
        return withStopped(gateway, running, () => this.backup(volume, path, {signal, onProgress, stopContainers: false}), () => undefined);
      }
      try {
        const result = await backupVolume(gateway, volume, {kind: 'file', path}, {image, level: 6, signal, onProgress: (p) => onProgress(p.rawBytes, p.writtenBytes)});
        const report = result.check!;
        if (report.problems.length) return {name: volume, ok: false, message: `${result.path}: written but the check failed: ${report.problems.join('; ')}`};
        return {
          name: volume,
          ok: true,
          message: `${result.path}: ${formatSize(result.writtenBytes, '?')} (${formatSize(result.rawBytes, '?')} of tar, ${report.entries} entries), checked, sha256 ${result.sha256.slice(0, 16)}…`,
        };
      } catch (error) {
        if (signal.aborted) throw error;
        // backupVolume writes under a temporary name and removes it on failure.
        return {name: volume, ok: false, message: `${engineMessage(error)}; nothing written under ${path}`};
      }
    },
    async restore(file, volume) {
      // The command line's restore, with no terminal to ask on: it never replaces content here.
      let said = '';
      const out = new Writable({
        write(chunk, _encoding, callback) {
          said += String(chunk);
          callback();
        },
      });
      try {
        await runRestore(gateway, resolveDestination(file), volume, {replace: false, yes: false, plain: false, image}, {out, err: out, stdin: Readable.from([])});
        return {name: volume, ok: true, message: said.trim()};
      } catch (error) {
        return {name: volume, ok: false, message: error instanceof ReportedError ? error.message : engineMessage(error)};
      }
    },
    async clone(source, target, {labels}) {
      try {
        const result = await cloneVolume(gateway, source, target, {labels, image});
        const warning = result.runningUsers.length ? ` (it was in use by running ${result.runningUsers.join(', ')}: files changing meanwhile may be inconsistent)` : '';
        return {name: source, ok: true, message: cloneSummary(source, target, result, labels) + warning};
      } catch (error) {
        return {name: source, ok: false, message: error instanceof Error && !('statusCode' in error) ? error.message : engineMessage(error)};
      }
    },
  };
}
