import type {Container, ContainerState} from './types.js';

/**
 * The one rule for "a container is using this volume right now": its process exists or comes back
 * by itself — running, restarting or paused. The table's ● and in-use counts, the backup and clone
 * warnings, the restore refusal and stop-for-the-duration all follow it, so a container a warning
 * names is always one that "stop them" stops.
 */
export function isLive(state: ContainerState): boolean {
  return state === 'running' || state === 'restarting' || state === 'paused';
}

/** The live containers that mount the volume. */
export function runningUsersOf(containers: readonly Container[], volume: string): Container[] {
  return containers.filter((c) => isLive(c.state) && c.mounts.some((m) => m.volumeName === volume));
}
