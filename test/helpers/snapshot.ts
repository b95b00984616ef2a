import type {Snapshot} from '../../src/docker/live-store.js';
import type {Container, Volume, VolumeUsage} from '../../src/model/types.js';

export function snapshot(volumes: Volume[], containers: Container[] = [], usage?: Map<string, VolumeUsage>): Snapshot {
  return {
    volumes,
    containers,
    usage,
    usageAt: usage ? Date.now() : undefined,
    sizingSince: undefined,
    listingSince: undefined,
    listed: true,
    connection: 'connected',
    error: undefined,
    address: 'memory://test',
  };
}

/** The app's state with one engine, `local`, as unit tests of the reducer start from. */
export function oneEngine<S extends {engines: readonly unknown[]}>(state: S, pruneByLabel = true): S {
  return {...state, engines: [{name: 'local', snapshot: undefined, rows: [], pruneByLabel, dockerFlags: ''}]};
}
