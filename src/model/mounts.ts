import {isLive} from './running-users.js';
import type {Container} from './types.js';

/** A tmpfs as container inspect tells it (HostConfig.Tmpfs for --tmpfs, HostConfig.Mounts for --mount type=tmpfs). */
export interface TmpfsDetail {
  readonly destination: string;
  /** Size limit in bytes; undefined: none given (the kernel's default, half the RAM). */
  readonly sizeBytes?: number;
  /** Octal mode, e.g. `1777`. */
  readonly mode?: string;
  /** The option string as given (`size=64m,mode=1770`), for what the fields above do not cover. */
  readonly options: string;
}

export interface MountUser {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly running: boolean;
  readonly destination: string;
  readonly readOnly: boolean;
  readonly composeProject: string | null;
}

/** What is known of a bind source on the engine's host. */
export type BindState =
  | {readonly status: 'unknown'}
  | {readonly status: 'present'}
  /** The path is gone from the host: shown, never created. */
  | {readonly status: 'missing'}
  | {readonly status: 'measuring'}
  | {readonly status: 'measured'; readonly bytes: number}
  | {readonly status: 'failed'; readonly error: string};

/** One row of the mounts view: a host path and every container that binds it, or one tmpfs of one container. */
export interface MountRow {
  readonly engine: string;
  /** `engine` + `bind:/path` or `tmpfs:containerId:/dest`. */
  readonly key: string;
  readonly type: 'bind' | 'tmpfs';
  /** The host path; null for tmpfs. */
  readonly source: string | null;
  readonly users: readonly MountUser[];
  /** The Compose projects of the users, once each, sorted. */
  readonly projects: readonly string[];
  /** tmpfs only, once inspected. */
  readonly tmpfs?: TmpfsDetail;
  readonly bind: BindState;
  /** Lower-cased text the filter matches: path, containers, destinations, projects. */
  readonly searchText: string;
}

export const mountKey = (engine: string, type: 'bind' | 'tmpfs', id: string): string => `${engine}\u0000${type}:${id}`;

/**
 * Binds grouped by host path (several containers often share one, e.g. `./conf`), tmpfs mounts one
 * per container and destination: from the container list (binds, `--mount type=tmpfs`) and from
 * inspect (`--tmpfs`, size and mode), which `tmpfs` holds for the containers inspected so far.
 */
export function joinMounts(
  containers: readonly Container[],
  engine: string,
  tmpfs: ReadonlyMap<string, readonly TmpfsDetail[]>,
  binds: ReadonlyMap<string, BindState>,
): MountRow[] {
  const bindUsers = new Map<string, MountUser[]>();
  const rows: MountRow[] = [];
  for (const container of containers) {
    const user = (destination: string, readOnly: boolean): MountUser => ({
      id: container.id,
      name: container.name,
      state: container.state,
      running: isLive(container.state),
      destination,
      readOnly,
      composeProject: container.composeProject ?? null,
    });
    const tmpfsSeen = new Set<string>();
    for (const mount of container.hostMounts ?? []) {
      if (mount.type === 'bind' && mount.source) {
        const list = bindUsers.get(mount.source) ?? [];
        if (!list.length) bindUsers.set(mount.source, list);
        list.push(user(mount.destination, mount.readOnly));
      } else if (mount.type === 'tmpfs') {
        tmpfsSeen.add(mount.destination);
        rows.push(
          tmpfsRow(
            engine,
            container.id,
            user(mount.destination, mount.readOnly),
            tmpfs.get(container.id)?.find((t) => t.destination === mount.destination),
          ),
        );
      }
    }
    // `--tmpfs` mounts are not in the list's Mounts: only inspect knows them.
    for (const detail of tmpfs.get(container.id) ?? []) {
      if (!tmpfsSeen.has(detail.destination))
        rows.push(tmpfsRow(engine, container.id, user(detail.destination, false), detail));
    }
  }
  for (const [source, users] of bindUsers) {
    users.sort((a, b) => Number(b.running) - Number(a.running) || a.name.localeCompare(b.name));
    rows.push({
      engine,
      key: mountKey(engine, 'bind', source),
      type: 'bind',
      source,
      users,
      projects: projectsOf(users),
      bind: binds.get(source) ?? {status: 'unknown'},
      searchText: searchText(source, users),
    });
  }
  return rows.sort(compareMounts);
}

function tmpfsRow(engine: string, containerId: string, user: MountUser, detail: TmpfsDetail | undefined): MountRow {
  return {
    engine,
    key: mountKey(engine, 'tmpfs', `${containerId}:${user.destination}`),
    type: 'tmpfs',
    source: null,
    users: [user],
    projects: projectsOf([user]),
    ...(detail ? {tmpfs: detail} : {}),
    bind: {status: 'unknown'},
    searchText: searchText('tmpfs', [user]),
  };
}

function projectsOf(users: readonly MountUser[]): string[] {
  return [...new Set(users.flatMap((u) => (u.composeProject ? [u.composeProject] : [])))].sort();
}

function searchText(source: string, users: readonly MountUser[]): string {
  return [source, ...users.flatMap((u) => [u.name, u.destination, u.composeProject ?? ''])].join('\n').toLowerCase();
}

/** Binds first, by path; then tmpfs by container and destination. */
export function compareMounts(a: MountRow, b: MountRow): number {
  if (a.type !== b.type) return a.type === 'bind' ? -1 : 1;
  if (a.type === 'bind') return (a.source ?? '').localeCompare(b.source ?? '') || a.engine.localeCompare(b.engine);
  const [ua, ub] = [a.users[0]!, b.users[0]!];
  return (
    ua.name.localeCompare(ub.name) || ua.destination.localeCompare(ub.destination) || a.engine.localeCompare(b.engine)
  );
}

/** `size=64m,mode=1770` → bytes and mode; what Docker accepts (k, m, g suffixes, or bytes). */
export function parseTmpfsOptions(destination: string, options: string): TmpfsDetail {
  let sizeBytes: number | undefined;
  let mode: string | undefined;
  for (const part of options.split(',')) {
    const [key, value = ''] = part.split('=');
    if (key === 'size') {
      const match = /^(\d+)([kmg]?)$/i.exec(value.trim());
      if (match)
        sizeBytes = Number(match[1]) * ({'': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3}[match[2]!.toLowerCase()] ?? 1);
    } else if (key === 'mode') {
      mode = value;
    }
  }
  return {destination, options, ...(sizeBytes !== undefined ? {sizeBytes} : {}), ...(mode ? {mode} : {})};
}
