import type {VolumeRow} from './types.js';

/** The stable shape of `volscope ls --json`: documented in the README, keep it backward compatible. */
export interface VolumeJson {
  /** Only with several engines (-c A -c B, --all-contexts): the engine the volume lives on. */
  engine?: string;
  name: string;
  driver: string;
  scope: string;
  mountpoint: string;
  createdAt: string;
  labels: Record<string, string>;
  anonymous: boolean;
  composeProject: string | null;
  /** true when the project comes from the containers that mount the volume (it has no label). */
  composeProjectInferred: boolean;
  size: number | null;
  refCount: number | null;
  containers: Array<{id: string; name: string; state: string; destination: string; readOnly: boolean}>;
}

export function toJson(row: VolumeRow, withEngine = false): VolumeJson {
  const {volume} = row;
  return {
    ...(withEngine ? {engine: row.engine} : {}),
    name: volume.name,
    driver: volume.driver,
    scope: volume.scope,
    mountpoint: volume.mountpoint,
    createdAt: volume.createdAt,
    labels: {...volume.labels},
    anonymous: row.anonymous,
    composeProject: row.composeProject,
    composeProjectInferred: row.composeInferred,
    size: typeof row.size === 'number' ? row.size : null,
    // From /system/df when sizes were measured; otherwise the containers we saw mount it.
    refCount: typeof row.refCount === 'number' ? row.refCount : row.containers.length,
    containers: row.containers.map((c) => ({
      id: c.id,
      name: c.name,
      state: c.state,
      destination: c.destination,
      readOnly: c.readOnly,
    })),
  };
}
