import type Docker from 'dockerode';
import type {Volume} from '../model/types.js';
import {engineMessage} from './errors.js';
import {ensureHelperImage} from './helper-image.js';
import {createIdleHelper, getArchive, HELPER_MOUNT} from './helper.js';
import type {HelperProgress} from './gateway.js';
import {toVolume} from './map.js';

export interface VolumeArchive {
  readonly volume: Volume;
  /** The volume's tree as tar, entries relative to its root (`./…`), as `tar -C VOL .` makes them. */
  readonly stream: NodeJS.ReadableStream;
  /** Removes the helper; call it whatever happened. */
  release(): Promise<void>;
}

export class VolumeNotFoundError extends Error {
  constructor(readonly volume: string) {
    super(`No volume named ${volume} on this engine (\`docker volume ls\` lists them).`);
    this.name = 'VolumeNotFoundError';
  }
}

/**
 * The tar stream of a whole volume through the archive API of a created, never-started helper
 * with the volume mounted read-only: nothing runs, and it works against remote engines.
 */
export async function openVolumeArchive(docker: Docker, name: string, image: string, onProgress: (progress: HelperProgress) => void = () => {}): Promise<VolumeArchive> {
  const raw = await docker.getVolume(name).inspect().catch((error: {statusCode?: number}) => {
    if (error.statusCode === 404) throw new VolumeNotFoundError(name);
    throw error;
  });
  await ensureHelperImage(docker, image, onProgress);
  const container = await createIdleHelper(docker, {image, volume: name, idleSeconds: 0});
  const release = () =>
    container.remove({force: true}).then(
      () => undefined,
      (error: {statusCode?: number}) => {
        if (error.statusCode !== 404) throw new Error(`could not remove helper ${container.id.slice(0, 12)}: ${engineMessage(error)}`);
      },
    );
  try {
    const stream = await getArchive(docker, container.id, `${HELPER_MOUNT}/.`);
    return {volume: toVolume(raw as unknown as Parameters<typeof toVolume>[0]), stream, release};
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
}
