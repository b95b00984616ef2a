import {hostname} from 'node:os';
import type Docker from 'dockerode';
import {processAlive} from '../local/processes.js';
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
