import type {Snapshot} from '../../src/docker/live-store.js';
import type {Container, Volume, VolumeUsage} from '../../src/model/types.js';

export function snapshot(volumes: Volume[], containers: Container[] = [], usage?: Map<string, VolumeUsage>): Snapshot {
  return {
    volumes, containers, usage, usageAt: usage ? Date.now() : undefined, sizingSince: undefined, listingSince: undefined, listed: true,
    connection: 'connected', error: undefined, address: 'memory://test',
  };
}
