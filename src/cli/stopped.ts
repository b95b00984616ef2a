import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import type {Container} from '../model/types.js';

/** Running containers that mount the volume. */
export async function runningUsers(gateway: DockerodeGateway, volume: string): Promise<Container[]> {
  return runningUsersIn(await gateway.listContainers(), volume);
}

export function runningUsersIn(containers: readonly Container[], volume: string): Container[] {
  return containers.filter((c) => c.state === 'running' && c.mounts.some((m) => m.volumeName === volume));
}

/**
 * Runs `work` with these containers stopped, and starts them again afterwards — also when the
 * work fails or is interrupted by an exception. Containers are started in reverse order of stopping.
 */
export async function withStopped<T>(gateway: DockerodeGateway, containers: readonly Container[], work: () => Promise<T>, log: (line: string) => void): Promise<T> {
  if (containers.length === 0) return work();
  const ids = containers.map((c) => c.id);
  log(`stopping ${containers.map((c) => c.name).join(', ')} for the duration`);
  await gateway.stopContainers(ids);
  try {
    return await work();
  } finally {
    await gateway.startContainers([...ids].reverse());
    log(`started ${containers.map((c) => c.name).join(', ')} again`);
  }
}
