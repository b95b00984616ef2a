import type Docker from 'dockerode';
import {engineMessage} from './errors.js';
import type {HelperProgress} from './gateway.js';

/**
 * A small, pinned busybox: every tool the helper scripts use (sh, find, stat, du, head,
 * realpath, printf) in about 4 MB. Pinned so the scripts meet the applets they were tested with.
 */
export const DEFAULT_HELPER_IMAGE = 'busybox:1.37.0';

export class HelperImageError extends Error {
  constructor(
    readonly image: string,
    engineError: string,
  ) {
    super(
      `Could not get the helper image ${image}: ${engineError}\n` +
        'volscope reads a volume through a small helper container and needs that image on the engine. Either:\n' +
        `  - load it: on a machine with internet access run \`docker pull ${image} && docker save ${image} -o helper.tar\`, ` +
        'copy helper.tar over and run `docker load -i helper.tar` against this engine; or\n' +
        '  - use an image the engine already has: `volscope --helper-image IMAGE` (or VOLSCOPE_HELPER_IMAGE=IMAGE); ' +
        'it needs busybox (sh, find, stat, du, head, realpath), e.g. busybox or alpine.',
    );
    this.name = 'HelperImageError';
  }
}

interface PullEvent {
  readonly id?: string;
  readonly status?: string;
  readonly error?: string;
  readonly progressDetail?: {readonly current?: number; readonly total?: number};
}

/** Makes sure the engine has the image, pulling it with progress (summed over its layers) if not. */
export async function ensureHelperImage(
  docker: Docker,
  image: string,
  onProgress: (progress: HelperProgress) => void,
): Promise<void> {
  try {
    await docker.getImage(image).inspect();
    return;
  } catch (error) {
    if ((error as {statusCode?: number}).statusCode !== 404) throw new HelperImageError(image, engineMessage(error));
  }
  const layers = new Map<string, {current: number; total: number}>();
  onProgress({phase: 'pulling', image, current: 0, total: 0});
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: unknown, events: PullEvent[]) => {
          const failed = events?.find((event) => event.error);
          if (error || failed) reject(error ?? new Error(failed?.error));
          else resolve();
        },
        (event: PullEvent) => {
          if (!event.id || !event.progressDetail?.total) return;
          layers.set(event.id, {current: event.progressDetail.current ?? 0, total: event.progressDetail.total});
          let current = 0;
          let total = 0;
          for (const layer of layers.values()) {
            current += layer.current;
            total += layer.total;
          }
          onProgress({phase: 'pulling', image, current, total});
        },
      );
    });
  } catch (error) {
    throw new HelperImageError(image, engineMessage(error));
  }
}
