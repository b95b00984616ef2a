import {hostname} from 'node:os';
import type Docker from 'dockerode';
import {processAlive} from '../local/processes.js';
import {INCOMPLETE_LABEL} from '../model/incomplete.js';
import {HELPER_LABEL, helperInUse, OWNER_HOST_LABEL, OWNER_PID_LABEL} from './helper.js';

/**
 * A helper of another host sharing the engine is that host's run's to remove; it counts as
 * abandoned only once it is not running and older than this (its run would have removed it: the
 * longest job's helper lives as long as the job, and an idle one exits after two minutes).
 */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export interface SweepView {
  readonly host: string;
  readonly pid: number;
  readonly nowMs: number;
  isAlive(pid: number): boolean;
  inUse(id: string): boolean;
}

/**
 * Which helpers are orphans: on this host, those whose run is gone (and this run's own it is not
 * using: their removal failed while the engine was away); of another host, those clearly
 * abandoned. A helper of a live run, here or elsewhere, is never one.
 */
export function orphanHelpers(list: readonly Docker.ContainerInfo[], view: SweepView): Docker.ContainerInfo[] {
  return list.filter((c) => {
    const pid = Number(c.Labels[OWNER_PID_LABEL]);
    if (c.Labels[OWNER_HOST_LABEL] === view.host) return pid === view.pid ? !view.inUse(c.Id) : !view.isAlive(pid);
    return c.State !== 'running' && view.nowMs - c.Created * 1000 > ABANDONED_AFTER_MS;
  });
}

/**
 * Removes the orphan helpers (see orphanHelpers): every command does this before its work, so a
 * helper a killed run left never keeps a volume "in use" past the next volscope command.
 */
export async function sweepOrphanHelpers(
  docker: Docker,
  isAlive: (pid: number) => boolean = processAlive,
): Promise<string[]> {
  const list = await docker.listContainers({
    all: true,
    filters: {label: [HELPER_LABEL]},
    abortSignal: AbortSignal.timeout(30_000),
  } as Docker.ContainerListOptions);
  const orphans = orphanHelpers(list, {
    host: hostname(),
    pid: process.pid,
    nowMs: Date.now(),
    isAlive,
    inUse: helperInUse,
  });
  await Promise.all(
    orphans.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({force: true})
        .catch(() => undefined),
    ),
  );
  return orphans.map((c) => c.Id);
}

/** A marker volume (model/incomplete.ts) as the sweep weighs it. */
export interface MarkerInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** ms since epoch; NaN when the engine did not say. */
  readonly createdMs: number;
}

/**
 * Which marks of half-done operations mark nothing any more: the volume they name is gone (removed
 * by hand, or never created by a restore killed in between). Their run must be over too: a live
 * run of this host marks a new volume just before it creates it; another host's mark goes once
 * older than ABANDONED_AFTER_MS.
 */
export function danglingMarkers(
  markers: readonly MarkerInfo[],
  volumeExists: ReadonlySet<string>,
  view: Pick<SweepView, 'host' | 'nowMs' | 'isAlive'>,
): MarkerInfo[] {
  return markers.filter((m) => {
    const marked = m.labels[INCOMPLETE_LABEL];
    if (marked === undefined || volumeExists.has(marked)) return false;
    if (m.labels[OWNER_HOST_LABEL] === view.host) return !view.isAlive(Number(m.labels[OWNER_PID_LABEL]));
    return view.nowMs - m.createdMs > ABANDONED_AFTER_MS;
  });
}

/**
 * The mark is still the one the sweep judged: another run may have put a new mark under the same
 * name since (a rename or restore run again marks its volume afresh), and a removal by name would
 * take that live run's mark away.
 */
export function sameMark(listed: MarkerInfo, now: MarkerInfo): boolean {
  return (
    listed.labels[OWNER_HOST_LABEL] === now.labels[OWNER_HOST_LABEL] &&
    listed.labels[OWNER_PID_LABEL] === now.labels[OWNER_PID_LABEL] &&
    (listed.createdMs === now.createdMs || (Number.isNaN(listed.createdMs) && Number.isNaN(now.createdMs)))
  );
}

/** Removes the dangling marks (see danglingMarkers); marks are rare, so an inspect or two each is cheap. */
export async function sweepDanglingMarks(
  docker: Docker,
  isAlive: (pid: number) => boolean = processAlive,
): Promise<string[]> {
  const abortSignal = AbortSignal.timeout(30_000);
  const reply = (await docker.listVolumes({filters: {label: [INCOMPLETE_LABEL]}, abortSignal} as object)) as {
    Volumes?: Array<{Name: string; Labels?: Record<string, string> | null; CreatedAt?: string}> | null;
  };
  const markers: MarkerInfo[] = (reply.Volumes ?? []).map((v) => ({
    name: v.Name,
    labels: v.Labels ?? {},
    createdMs: Date.parse(v.CreatedAt ?? ''),
  }));
  if (!markers.length) return [];
  const exists = new Set<string>();
  await Promise.all(
    markers.map(async (m) => {
      const marked = m.labels[INCOMPLETE_LABEL];
      if (marked === undefined) return;
      const found = await docker
        .getVolume(marked)
        .inspect({abortSignal})
        .then(
          () => true,
          (error: {statusCode?: number}) => error.statusCode !== 404,
        );
      if (found) exists.add(marked);
    }),
  );
  const dangling = danglingMarkers(markers, exists, {host: hostname(), nowMs: Date.now(), isAlive});
  const removed = await Promise.all(
    dangling.map(async (m) => {
      const now = (await docker
        .getVolume(m.name)
        .inspect({abortSignal})
        .catch(() => undefined)) as {Labels?: Record<string, string> | null; CreatedAt?: string} | undefined;
      if (!now || !sameMark(m, {name: m.name, labels: now.Labels ?? {}, createdMs: Date.parse(now.CreatedAt ?? '')}))
        return undefined;
      return docker
        .getVolume(m.name)
        .remove({abortSignal})
        .then(
          () => m.name,
          () => undefined,
        );
    }),
  );
  return removed.filter((name): name is string => name !== undefined);
}
