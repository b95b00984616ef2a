import type {TransferGateway} from '../docker/gateway.js';
import {crashPoint} from '../local/crash-points.js';
import type {EmptyPhase} from '../model/records.js';
import {runningUsersOf} from '../model/running-users.js';
import type {Tree} from '../model/tree.js';
import {OpError} from './errors.js';
import {type IncompleteMarkHandle, markIncomplete} from './incomplete-mark.js';
import {withStopped} from './with-stopped.js';
import type {EmptyOutcome, EmptyPreview} from '../model/job-results.js';
export type {EmptyOutcome, EmptyPreview} from '../model/job-results.js';

export interface EmptyRequest {
  readonly volume: string;
  readonly image: string;
  /** Stop the live users for the duration and start them again, also on failure. */
  readonly stopContainers: boolean;
  /** Lines about stopping and starting containers. */
  readonly log?: (line: string) => void;
  /** The phase now under way, for a progress line. */
  readonly onPhase?: (phase: EmptyPhase) => void;
}

/** The volume's tree with its size, and who uses it: what the confirmation shows. */
export async function previewEmpty(engine: TransferGateway, volume: string, image: string): Promise<EmptyPreview> {
  const [volumes, containers] = await Promise.all([engine.listVolumes(), engine.listContainers()]);
  if (!volumes.some((v) => v.name === volume))
    throw new OpError('notFound', `No volume named ${volume} on this engine (\`docker volume ls\` lists them).`);
  await engine.prepareHelper(image);
  const tree = await engine.listTree(volume, image);
  return {volume, ...measure(tree), runningUsers: runningUsersOf(containers, volume).map((c) => c.name)};
}

/**
 * Removes everything inside the volume and keeps the volume itself (name, driver, options,
 * labels). Refused while live containers use it unless they may be stopped for the duration;
 * checked empty afterwards.
 */
export async function emptyVolume(engine: TransferGateway, request: EmptyRequest): Promise<EmptyOutcome> {
  const started = performance.now();
  const preview = await previewEmpty(engine, request.volume, request.image);
  const running = runningUsersOf(await engine.listContainers(), request.volume);
  if (running.length && !request.stopContainers) {
    const names = running.map((c) => c.name);
    throw new OpError(
      'inUse',
      `Not emptying ${request.volume}: ${names.join(', ')} ${names.length === 1 ? 'uses' : 'use'} it now.`,
      names,
    );
  }
  if (running.length) request.onPhase?.('stopping');
  let mark: IncompleteMarkHandle | undefined;
  await withStopped(
    engine,
    running,
    async () => {
      request.onPhase?.('emptying');
      mark = await markIncomplete(engine, request.volume, 'empty', '');
      await engine.emptyVolume(request.volume, request.image);
      crashPoint('empty-emptied');
      if (running.length) request.onPhase?.('starting');
    },
    request.log,
  );
  request.onPhase?.('checking');
  if (!(await engine.volumeIsEmpty(request.volume, request.image))) {
    throw new OpError(
      'damaged',
      `${request.volume} still holds files after emptying (a container may have written to it meanwhile); run it again.`,
    );
  }
  crashPoint('empty-checked');
  await mark?.clear();
  return {...preview, seconds: (performance.now() - started) / 1000, restarted: running.map((c) => c.name)};
}

function measure(tree: Tree): {entries: number; bytes: number} {
  return {entries: tree.entries, bytes: tree.contentBytes};
}
