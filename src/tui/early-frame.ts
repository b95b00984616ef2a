import {engineName} from '../docker/endpoint.js';
import type {askFirstLists} from '../docker/first-lists.js';
import type {Container, Volume} from '../model/types.js';
import {type Snapshot, waitingSnapshot} from '../model/records.js';

type Asked = ReturnType<typeof askFirstLists>;

/** One engine as the first frame shows it. */
export interface FramedEngine {
  readonly name: string;
  readonly snapshot: Snapshot;
}

/**
 * Each engine's picture from its first lists alone, for a frame drawn before the engine session
 * has loaded: listed once both lists landed (the engine answered: connected), else still waiting.
 * The store builds the same picture from the same answers a moment later, so Ink's frame matches:
 * one engine's store starts its size scan as soon as it has listed (several: once all have).
 */
export function earlyEngines(
  asked: readonly Asked[],
  landed: ReadonlyMap<number, {volumes: Volume[]; containers: Container[]}>,
  now = Date.now(),
): FramedEngine[] | undefined {
  if (asked.some((engine) => engine === undefined)) return undefined;
  const sizingSince = asked.length === 1 ? now : undefined;
  return asked.map((engine, index) => {
    const {endpoint} = engine!;
    const lists = landed.get(index);
    const waiting = waitingSnapshot(endpoint.url);
    return {
      name: engineName({context: endpoint.context, address: endpoint.url}),
      snapshot: lists ? {...waiting, ...lists, listed: true, connection: 'connected', sizingSince} : waiting,
    };
  });
}

/**
 * Calls `draw` with every engine's picture as each engine's two lists land (several in one turn:
 * once), until `draw` returns false. Engines reached otherwise than by a local socket draw nothing
 * here: their first frame comes from the engine session, as before.
 */
export function drawAsFirstListsLand(asked: readonly Asked[], draw: (engines: FramedEngine[]) => boolean): void {
  const landed = new Map<number, {volumes: Volume[]; containers: Container[]}>();
  let scheduled = false;
  let done = false;
  const flush = () => {
    scheduled = false;
    const engines = earlyEngines(asked, landed);
    if (!done && engines && !draw(engines)) done = true;
  };
  asked.forEach((engine, index) => {
    const lists = engine?.lists;
    if (!lists) return;
    Promise.all([lists.volumes, lists.containers]).then(
      ([volumes, containers]) => {
        if (done) return;
        landed.set(index, {volumes, containers});
        if (!scheduled) setImmediate(flush);
        scheduled = true;
      },
      () => undefined, // the engine session asks again, and says what went wrong
    );
  });
}

/** Resolves once every engine's first lists have landed or failed, or after `waitMs`. */
export function firstListsSettled(asked: readonly Asked[], waitMs: number): Promise<void> {
  const answers = asked.flatMap((engine) => (engine?.lists ? [engine.lists.volumes, engine.lists.containers] : []));
  if (answers.length === 0) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return (
    Promise.race([
      Promise.allSettled(answers),
      new Promise((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ])
      .then(() => clearTimeout(timer))
      // The frame those lists make is drawn before whatever the caller does next.
      .then(() => new Promise((resolve) => setImmediate(resolve)))
  );
}
