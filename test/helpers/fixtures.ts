import type {Container, Volume, VolumeUsage} from '../../src/model/types.js';

export function volume(name: string, extra: Partial<Volume> = {}): Volume {
  return {
    name,
    driver: 'local',
    scope: 'local',
    mountpoint: `/var/lib/docker/volumes/${name}/_data`,
    createdAt: '2026-11-01T10:00:00Z',
    labels: {},
    options: {},
    status: {},
    ...extra,
  };
}

export function container(
  name: string,
  state: string,
  mounts: Array<[volume: string, destination: string, readOnly?: boolean]>,
): Container {
  return {
    id: `${name.padEnd(12, '0')}`.replace(/[^a-z0-9]/g, '0') + 'f'.repeat(52),
    name,
    state,
    mounts: mounts.map(([volumeName, destination, readOnly = false]) => ({volumeName, destination, readOnly})),
  };
}

export function usage(entries: Record<string, number | null>): Map<string, VolumeUsage> {
  return new Map(Object.entries(entries).map(([name, size]) => [name, {size, refCount: 0}]));
}

/** `count` volumes named vol-00000… with sizes growing with the index. */
export function manyVolumes(count: number): {volumes: Volume[]; usage: Map<string, VolumeUsage>} {
  const volumes: Volume[] = [];
  const sizes = new Map<string, VolumeUsage>();
  for (let i = 0; i < count; i++) {
    const name = `vol-${String(i).padStart(5, '0')}`;
    volumes.push(volume(name, {createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()}));
    sizes.set(name, {size: i * 1000, refCount: 0});
  }
  return {volumes, usage: sizes};
}

export const HEX = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);
