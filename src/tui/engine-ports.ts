import type {MountProbe, VolumeWriter} from '../app/ports.js';
import {engineMessage} from '../docker/errors.js';
import type {EngineGateway, FileService} from '../docker/gateway.js';
import {describeSkip} from '../model/cleanup.js';
import {measureBind} from '../ops/measure-bind.js';
import {removeExactly} from '../ops/remove.js';

/** The app's writes that are not jobs, on one engine: exact removal (ops/remove) and create. */
export function volumeWriter(
  gateway: Pick<EngineGateway, 'removeVolume' | 'createVolume' | 'listContainers' | 'listVolumes'>,
): VolumeWriter {
  return {
    async removeExactly(names, onOutcome) {
      await removeExactly(gateway, names, (outcome) => {
        if (outcome.removed) return onOutcome(outcome);
        // Kept: say which container holds it now (the one the engine named, if it still exists).
        void gateway
          .listContainers()
          .catch(() => [])
          .then((containers) => onOutcome(outcome, describeSkip(outcome, containers)));
      });
    },
    async create(spec) {
      try {
        await gateway.createVolume(spec);
      } catch (error) {
        throw new Error(`The engine refused: ${engineMessage(error)}`);
      }
    },
  };
}

/** The mounts view's reads on one engine; a bind is measured through the file service's read-only helper. */
export function mountProbe(gateway: Pick<EngineGateway, 'inspectTmpfs'>, files: FileService | undefined): MountProbe {
  return {
    inspectTmpfs: (ids, signal) => gateway.inspectTmpfs(ids, signal),
    probeBinds: (paths) =>
      files ? files.probeBinds(paths) : Promise.reject(new Error('browsing is not available on this engine')),
    measureBind: (path) =>
      files
        ? measureBind(files, path)
        : Promise.resolve({status: 'failed', error: 'browsing is not available on this engine'}),
  };
}
