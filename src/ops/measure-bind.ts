import {engineMessage} from '../docker/errors.js';
import type {FileService} from '../docker/gateway.js';
import type {BindState} from '../model/mounts.js';

/**
 * The size of a bind source: du in a read-only helper that mounts it (after a probe: a missing
 * source is never created). Gone from the host → missing; anything else → failed, in words.
 */
export async function measureBind(files: FileService, path: string): Promise<BindState> {
  try {
    const session = await files.openBind(path, () => {});
    try {
      const {total} = await session.diskUsage([], () => {});
      return {status: 'measured', bytes: total ?? 0};
    } finally {
      await session.close().catch(() => undefined);
    }
  } catch (error) {
    if ((error as {problem?: string}).problem === 'gone') return {status: 'missing'};
    return {status: 'failed', error: engineMessage(error)};
  }
}
