import type {VolumeJobs} from '../app/ports.js';
import {engineMessage} from '../docker/errors.js';
import type {TransferGateway} from '../docker/gateway.js';
import {resolveDestination} from '../local/export.js';
import {backup} from '../ops/backup.js';
import {clone} from '../ops/clone.js';
import {OpError} from '../ops/errors.js';
import {restore} from '../ops/restore.js';
import {emptyVolume} from '../ops/empty.js';
import {renameVolume} from '../ops/rename.js';
import {backupLine, cloneSummary, emptySummary, renameSummary, restoreSummary} from '../ops/text.js';

/**
 * The app's backup, restore and clone: the operations on this engine, each outcome in one line.
 * A clone may go to another engine of the session: `engineNamed` finds its gateway.
 */
export function volumeJobs(engine: TransferGateway, image: string, engineNamed: (name: string) => TransferGateway | undefined = () => undefined): VolumeJobs {
  return {
    async backup(volume, path, {signal, onProgress, stopContainers}) {
      try {
        const result = await backup(engine, {volume, target: {kind: 'file', path}, image, level: 6, stopContainers, signal, onProgress: (p) => onProgress(p.rawBytes, p.writtenBytes)});
        const line = backupLine(result);
        return {name: volume, ok: line.ok, message: line.text};
      } catch (error) {
        if (signal.aborted) throw error;
        // The backup writes under a temporary name and removes it on failure.
        return {name: volume, ok: false, message: error instanceof OpError ? error.message : `${wordsOf(error)}; nothing written under ${path}`};
      }
    },
    async restore(file, volume, {signal, onProgress}) {
      // No terminal to ask on: the TUI's restore never replaces content, and a running user refuses it.
      try {
        const result = await restore(engine, {source: {kind: 'file', path: resolveDestination(file)}, volume, replace: false, plain: false, image, stopContainers: false, signal, onProgress});
        return {name: volume, ok: true, message: restoreSummary(volume, result)};
      } catch (error) {
        return {name: volume, ok: false, message: wordsOf(error)};
      }
    },
    async clone(source, target, {labels, signal, onProgress}) {
      const to = target.engine === undefined ? engine : engineNamed(target.engine);
      if (!to) return {name: source, ok: false, message: `not connected to ${target.engine}`};
      try {
        const result = await clone({engine, volume: source}, {engine: to, volume: target.name, ...(target.engine ? {where: target.engine} : {})}, {labels, image, signal, onProgress});
        const warning = result.runningUsers.length ? ` (it was in use by running ${result.runningUsers.join(', ')}: files changing meanwhile may be inconsistent)` : '';
        return {name: source, ok: true, message: cloneSummary(source, target.engine ? `${target.engine}:${target.name}` : target.name, result, labels) + warning};
      } catch (error) {
        return {name: source, ok: false, message: wordsOf(error)};
      }
    },
    async empty(volume, {stopContainers, onPhase}) {
      try {
        return {name: volume, ok: true, message: emptySummary(volume, await emptyVolume(engine, {volume, image, stopContainers, onPhase}))};
      } catch (error) {
        return {name: volume, ok: false, message: wordsOf(error)};
      }
    },
    async rename(volume, target, {signal, onProgress}) {
      try {
        return {name: volume, ok: true, message: renameSummary(volume, target, await renameVolume(engine, {from: volume, to: target, image, signal, onProgress}))};
      } catch (error) {
        return {name: volume, ok: false, message: wordsOf(error)};
      }
    },
  };
}

/** An operation's refusal says itself; anything else is the engine's or the connection's failure, in words. */
function wordsOf(error: unknown): string {
  return error instanceof OpError ? error.message : engineMessage(error);
}
