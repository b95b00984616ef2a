import {COMPOSE_PROJECT_LABEL, isAnonymous} from './anonymous.js';
import {volumeKey} from './engines.js';
import {isLive} from './running-users.js';
import type {AttachedContainer, Container, Volume, VolumeRow, VolumeUsage} from './types.js';

/**
 * Joins volumes with the containers that mount them (from each container's Mounts, since volume
 * inspect does not list users) and with the sizes from /system/df when known.
 * `usage` undefined means no size scan has finished yet.
 */
export function joinVolumes(
  volumes: readonly Volume[],
  containers: readonly Container[],
  usage: ReadonlyMap<string, VolumeUsage> | undefined,
  engine: string,
): VolumeRow[] {
  const byVolume = new Map<string, AttachedContainer[]>();
  for (const container of containers) {
    for (const mount of container.mounts) {
      let list = byVolume.get(mount.volumeName);
      if (!list) byVolume.set(mount.volumeName, (list = []));
      list.push({
        id: container.id,
        name: container.name,
        state: container.state,
        running: isLive(container.state),
        destination: mount.destination,
        readOnly: mount.readOnly,
      });
    }
  }
  return volumes.map((volume) => {
    const attached = byVolume.get(volume.name) ?? [];
    // Running first so a truncated cell still shows what is live.
    attached.sort((a, b) => Number(b.running) - Number(a.running) || a.name.localeCompare(b.name));
    const used = usage?.get(volume.name);
    return {
      engine,
      key: volumeKey(engine, volume.name),
      volume,
      anonymous: isAnonymous(volume.name, volume.labels),
      composeProject: volume.labels[COMPOSE_PROJECT_LABEL] ?? null,
      containers: attached,
      size: usage === undefined ? undefined : used === undefined ? undefined : used.size,
      refCount: used?.refCount,
      createdMs: Date.parse(volume.createdAt),
      searchText: searchText(volume, attached),
    };
  });
}

function searchText(volume: Volume, attached: readonly AttachedContainer[]): string {
  const parts = [volume.name];
  for (const [key, value] of Object.entries(volume.labels)) parts.push(value ? `${key}=${value}` : key);
  for (const container of attached) parts.push(container.name);
  return parts.join('\n').toLowerCase();
}

export function isUnused(row: VolumeRow): boolean {
  return row.containers.length === 0;
}
