import type {Growth, VolumeFacts} from './growth.js';
import type {IncompleteMark} from './incomplete.js';

/** A volume as the engine lists it, mapped once from the raw API JSON (see docker/map.ts). */
export interface Volume {
  readonly name: string;
  readonly driver: string;
  readonly scope: string;
  readonly mountpoint: string;
  /** ISO timestamp, or '' when the engine did not say. */
  readonly createdAt: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  /** Driver-specific status, only some drivers fill it. */
  readonly status: Readonly<Record<string, unknown>>;
}

export type ContainerState = 'running' | 'paused' | 'restarting' | 'created' | 'exited' | 'dead' | 'removing' | string;

/** One volume mount of one container. */
export interface VolumeMount {
  readonly volumeName: string;
  readonly destination: string;
  readonly readOnly: boolean;
}

/** A bind mount (a host path) or a tmpfs of one container, as the container list tells it. */
export interface HostMount {
  readonly type: 'bind' | 'tmpfs';
  /** The host path of a bind; null for tmpfs. */
  readonly source: string | null;
  readonly destination: string;
  readonly readOnly: boolean;
}

export interface Container {
  readonly id: string;
  /** Without the leading slash. */
  readonly name: string;
  readonly state: ContainerState;
  readonly mounts: readonly VolumeMount[];
  /** Binds and tmpfs mounts (`--mount type=tmpfs`; `--tmpfs` ones only container inspect shows). */
  readonly hostMounts?: readonly HostMount[];
  /** The container's com.docker.compose.project label. */
  readonly composeProject?: string;
  /** One of volscope's own helpers (a browser's, a job's): never a user to name or stop. */
  readonly volscopeHelper?: boolean;
}

/** Size as reported by /system/df: bytes, or null when the driver cannot say (-1). */
export interface VolumeUsage {
  readonly size: number | null;
  readonly refCount: number | null;
}

/** What a row shows about one container that mounts the volume. */
export interface AttachedContainer {
  readonly id: string;
  readonly name: string;
  readonly state: ContainerState;
  readonly running: boolean;
  readonly destination: string;
  readonly readOnly: boolean;
}

/**
 * A volume joined with its containers and size.
 * size: undefined = not measured yet, null = the engine cannot tell (n/a).
 */
export interface VolumeRow {
  /** The engine the volume lives on, as the ENGINE column names it (the context, else the address). */
  readonly engine: string;
  /** Engine and name: what selection, marks and dialogs hold (a name alone is ambiguous across engines). */
  readonly key: string;
  readonly volume: Volume;
  readonly anonymous: boolean;
  readonly composeProject: string | null;
  /**
   * The project was read off the containers that mount the volume, not the volume's own label:
   * Compose labels the containers of a service, not the anonymous volumes they make.
   */
  readonly composeInferred: boolean;
  readonly containers: readonly AttachedContainer[];
  readonly size: number | null | undefined;
  readonly refCount: number | null | undefined;
  /** ms since epoch, NaN when unknown. */
  readonly createdMs: number;
  /** Change over the growth window: undefined while there is not enough history (…), null when n/a. */
  readonly growth?: Growth | null;
  /** What the size history knows of it (first and last seen, who mounted it); absent without history. */
  readonly history?: VolumeFacts;
  /** A restore, clone, rename or empty started on it and never finished (model/incomplete.ts). */
  readonly incomplete?: IncompleteMark;
}

export type SortKey = 'name' | 'size' | 'age' | 'containers' | 'engine' | 'growth';
export interface SortOrder {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** The live link to the engine, as the status line shows it. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';
