import type {VolumeTransfer} from '../docker/gateway.js';
import type {Container} from '../model/types.js';

type Lifecycle = Pick<VolumeTransfer, 'stopContainers' | 'startContainers' | 'pauseContainers'>;

/**
 * Runs `work` with these containers stopped, and puts each back as it was afterwards — also when
 * the work fails or throws: started again in reverse order of stopping, and a container that was
 * paused is paused again (stopping is the only way to quiesce a paused one's files for good).
 */
export async function withStopped<T>(
  engine: Lifecycle,
  containers: readonly Container[],
  work: () => Promise<T>,
  log: (line: string) => void = () => {},
): Promise<T> {
  if (containers.length === 0) return work();
  const ids = containers.map((c) => c.id);
  const paused = containers.filter((c) => c.state === 'paused').map((c) => c.id);
  log(`stopping ${containers.map((c) => c.name).join(', ')} for the duration`);
  await engine.stopContainers(ids);
  try {
    return await work();
  } finally {
    await engine.startContainers([...ids].reverse());
    if (paused.length) await engine.pauseContainers(paused);
    log(
      `started ${containers.map((c) => c.name).join(', ')} again${paused.length ? ' (the paused ones paused again)' : ''}`,
    );
  }
}
