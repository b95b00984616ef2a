import {COMPOSE_PROJECT_LABEL} from '../model/anonymous.js';
import {parseTmpfsOptions, type TmpfsDetail} from '../model/mounts.js';
import type {Container, HostMount, Volume, VolumeMount, VolumeUsage} from '../model/types.js';
import type {EngineEvent} from './gateway.js';

/**
 * The one place raw engine JSON becomes our types. @types/dockerode lags the API (no CreatedAt on
 * volumes, df() is any), so the raw shapes are described here from the Engine API reference.
 */
interface RawVolume {
  Name?: string;
  Driver?: string;
  Scope?: string;
  Mountpoint?: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  Status?: Record<string, unknown> | null;
}

interface RawMount {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  RW?: boolean;
}

interface RawContainer {
  Id?: string;
  Names?: string[] | null;
  State?: string;
  Mounts?: RawMount[] | null;
  Labels?: Record<string, string> | null;
}

interface RawDf {
  Volumes?: Array<{Name?: string; UsageData?: {Size?: number; RefCount?: number} | null}> | null;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: {ID?: string};
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
/** One empty record for every volume without labels, options or status: thousands of `{}` otherwise. */
const NONE: Readonly<Record<string, never>> = Object.freeze({});

export function toVolume(raw: RawVolume): Volume {
  return {
    name: str(raw.Name),
    driver: str(raw.Driver),
    scope: str(raw.Scope),
    mountpoint: str(raw.Mountpoint),
    createdAt: str(raw.CreatedAt),
    labels: raw.Labels ?? NONE,
    options: raw.Options ?? NONE,
    status: raw.Status ?? NONE,
  };
}

/** GET /volumes answers {Volumes: [...] | null, Warnings}. */
export function toVolumes(body: unknown): Volume[] {
  const list = (body as {Volumes?: RawVolume[] | null} | null)?.Volumes ?? [];
  return list.map(toVolume);
}

export function toContainer(raw: RawContainer): Container {
  const mounts: VolumeMount[] = [];
  const hostMounts: HostMount[] = [];
  for (const mount of raw.Mounts ?? []) {
    if (mount.Type === 'volume' && mount.Name)
      mounts.push({volumeName: mount.Name, destination: str(mount.Destination), readOnly: mount.RW === false});
    else if (mount.Type === 'bind' && mount.Source)
      hostMounts.push({
        type: 'bind',
        source: mount.Source,
        destination: str(mount.Destination),
        readOnly: mount.RW === false,
      });
    else if (mount.Type === 'tmpfs')
      hostMounts.push({type: 'tmpfs', source: null, destination: str(mount.Destination), readOnly: mount.RW === false});
  }
  const name = str(raw.Names?.[0]).replace(/^\//, '');
  const project = raw.Labels?.[COMPOSE_PROJECT_LABEL];
  return {
    id: str(raw.Id),
    name: name || str(raw.Id).slice(0, 12),
    state: str(raw.State),
    mounts,
    hostMounts,
    ...(typeof project === 'string' && project ? {composeProject: project} : {}),
    ...(raw.Labels?.['io.volscope.helper'] ? {volscopeHelper: true} : {}),
  };
}

interface RawInspect {
  HostConfig?: {
    Tmpfs?: Record<string, string> | null;
    Mounts?: Array<{Type?: string; Target?: string; TmpfsOptions?: {SizeBytes?: number; Mode?: number} | null}> | null;
  } | null;
}

/** A container's tmpfs mounts from inspect: `--tmpfs DEST:OPTS` (HostConfig.Tmpfs) and `--mount type=tmpfs` (HostConfig.Mounts). */
export function toTmpfsDetails(raw: RawInspect): TmpfsDetail[] {
  const details: TmpfsDetail[] = [];
  for (const [destination, options] of Object.entries(raw.HostConfig?.Tmpfs ?? {}))
    details.push(parseTmpfsOptions(destination, typeof options === 'string' ? options : ''));
  for (const mount of raw.HostConfig?.Mounts ?? []) {
    if (mount.Type !== 'tmpfs' || !mount.Target) continue;
    const size = mount.TmpfsOptions?.SizeBytes;
    const mode = mount.TmpfsOptions?.Mode;
    const parts = [...(size ? [`size=${size}`] : []), ...(mode ? [`mode=${mode.toString(8)}`] : [])];
    details.push({
      destination: mount.Target,
      options: parts.join(','),
      ...(size ? {sizeBytes: size} : {}),
      ...(mode ? {mode: mode.toString(8)} : {}),
    });
  }
  return details;
}

/** -1 means the driver cannot tell (non-local drivers): kept as null, shown as n/a. */
export function toUsage(body: unknown): Map<string, VolumeUsage> {
  const usage = new Map<string, VolumeUsage>();
  for (const entry of (body as RawDf | null)?.Volumes ?? []) {
    if (!entry.Name) continue;
    const size = entry.UsageData?.Size;
    const refCount = entry.UsageData?.RefCount;
    usage.set(entry.Name, {
      size: typeof size === 'number' && size >= 0 ? size : null,
      refCount: typeof refCount === 'number' && refCount >= 0 ? refCount : null,
    });
  }
  return usage;
}

export function toEvent(raw: RawEvent): EngineEvent {
  return {type: str(raw.Type), action: str(raw.Action || raw.status), id: str(raw.Actor?.ID || raw.id)};
}

/** "1.41" < "1.42" compared as numbers per part, not as strings. */
export {apiAtLeast} from '../model/api-version.js';
