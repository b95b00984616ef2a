import type {TransferGateway} from '../docker/gateway.js';
import {crashPoint} from '../local/crash-points.js';
import {marksOf} from '../model/incomplete.js';
import type {Volume} from '../model/types.js';
import {clone} from './clone.js';
import {OpError} from './errors.js';
import {clearMarkOf, markIncomplete} from './incomplete-mark.js';
import type {RenameResult} from '../model/job-results.js';
export type {RenameResult} from '../model/job-results.js';

export interface RenameRequest {
  readonly from: string;
  readonly to: string;
  readonly image: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytes: number) => void;
  /** A line about an earlier, unfinished rename of the same names. */
  readonly log?: (line: string) => void;
}

/**
 * Docker has no rename (moby#31154): a copy inside the engine (the clone path: one helper, cp -a),
 * both trees compared, then OLD removed. Only for a volume no container uses, running or not (one
 * that did would keep pointing at OLD). Whatever fails, OLD stays as it was and NEW is gone: a
 * NEW the copy made is removed again, and if OLD cannot be removed at the end, NEW goes too.
 */
export async function renameVolume(engine: TransferGateway, request: RenameRequest): Promise<RenameResult> {
  const {from, to} = request;
  if (from === to) throw new OpError('badRequest', `${from} already has that name.`);
  const [volumes, containers] = await Promise.all([engine.listVolumes(), engine.listContainers()]);
  const earlier = await finishEarlierRename(engine, volumes, request);
  if (earlier && earlier !== 'again') return earlier;
  if (!volumes.some((v) => v.name === from))
    throw new OpError('notFound', `No volume named ${from} on this engine (\`docker volume ls\` lists them).`);
  if (earlier !== 'again' && volumes.some((v) => v.name === to))
    throw new OpError('badRequest', `A volume named ${to} exists already: choose another name (or remove it first).`);
  const users = containers.filter((c) => c.mounts.some((m) => m.volumeName === from));
  if (users.length) {
    throw new OpError(
      'inUse',
      `Not renaming ${from}: ${users.map((c) => `${c.name} (${c.state})`).join(', ')} ${users.length === 1 ? 'uses' : 'use'} it, and a container keeps the name it was created with. Remove ${users.length === 1 ? 'that container' : 'those containers'} first (or clone the volume instead).`,
    );
  }
  const cancelled = () => new OpError('declined', `Rename cancelled: ${from} is as it was, ${to} was removed again.`);
  // NEW is marked until OLD is gone: a kill between the two leaves a copy that says it is not yet the volume.
  const mark = await markIncomplete(engine, to, 'rename', from);
  const copied = await clone(
    {engine, volume: from},
    {engine, volume: to},
    {
      labels: true,
      markedByCaller: true,
      image: request.image,
      ...(request.signal ? {signal: request.signal} : {}),
      ...(request.onProgress ? {onProgress: request.onProgress} : {}),
    },
  ).catch(async (error: unknown) => {
    // clone removed the NEW it made: the mark goes with it.
    await mark.clear();
    throw request.signal?.aborted ? cancelled() : error;
  });
  try {
    request.signal?.throwIfAborted();
    crashPoint('rename-copied');
    await engine.removeVolume(from);
    crashPoint('rename-removed');
    await mark.clear();
  } catch (error) {
    // OLD could not go (a container took it meanwhile, the engine refused): NEW must not stay beside it.
    if (
      await engine.removeVolume(to).then(
        () => true,
        () => false,
      )
    )
      await mark.clear();
    if (request.signal?.aborted) throw cancelled();
    const why = error instanceof Error ? error.message : String(error);
    throw new OpError(
      'damaged',
      `Renamed copy made, but ${from} could not be removed (${why}); ${to} was removed again and ${from} is as it was.`,
    );
  }
  return {entries: copied.entries, bytes: copied.bytes, seconds: copied.seconds, labelsCopied: copied.labelsCopied};
}

/**
 * The same rename, killed before it finished, left NEW marked. With OLD still there NEW is not
 * yet the volume: it goes, and the rename runs again. With OLD gone, NEW was checked before OLD
 * was removed (the order rename keeps): the rename is done, only its mark was left.
 */
async function finishEarlierRename(
  engine: TransferGateway,
  volumes: readonly Volume[],
  {from, to, log}: RenameRequest,
): Promise<RenameResult | 'again' | undefined> {
  const mark = marksOf(volumes).get(to);
  if (mark?.operation !== 'rename' || mark.source !== from || !volumes.some((v) => v.name === to)) return undefined;
  if (volumes.some((v) => v.name === from)) {
    log?.(`${to} is a copy of ${from} an earlier rename left unfinished: it is removed and the rename runs again.`);
    await engine.removeVolume(to);
    await clearMarkOf(engine, to);
    return 'again';
  }
  log?.(`${from} was renamed to ${to} by an earlier run that was stopped before its last step: that step is done now.`);
  await clearMarkOf(engine, to);
  return {entries: 0, bytes: 0, seconds: 0, labelsCopied: 0, finishedEarlier: true};
}
