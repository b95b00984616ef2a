import type {EngineGateway} from '../docker/gateway.js';
import {type GrowthWindow, type VolumeFacts, windowMs} from '../model/growth.js';
import {joinVolumes} from '../model/join.js';
import type {VolumeRow} from '../model/types.js';
import {type History, scanOf} from '../local/history/history.js';

/** How a command line command uses the history: where (maybe nowhere) and over which window. */
export interface HistoryUse {
  readonly history: History | undefined;
  readonly window: GrowthWindow;
  /** Whether growth and last users are printed: a plain `ls` only records (reading costs time at 10,000 volumes). */
  readonly read: boolean;
}

/**
 * Lists one engine (sizes too, when asked), records the scan in the history and joins in what
 * the history knows: growth over the window and the last users. The history failing changes
 * nothing but the growth (null) and a line on stderr (History.note). `swept`: the ids of helpers a
 * sweep that went out beside the list removed (cli/connect.ts connectSweeping).
 */
export async function measured(
  gateway: EngineGateway,
  engine: string,
  sizes: boolean,
  use: HistoryUse,
  swept: Promise<readonly string[]> = Promise.resolve([]),
): Promise<VolumeRow[]> {
  const [volumes, listed, usage, identity, gone] = await Promise.all([
    gateway.listVolumes(),
    gateway.listContainers(),
    sizes ? gateway.volumeUsage() : Promise.resolve(undefined),
    use.history?.on ? gateway.identity().catch(() => undefined) : Promise.resolve(undefined),
    swept,
  ]);
  // A dead run's helper the sweep removed while this list was out is no user of its volume.
  const containers = gone.length ? listed.filter((container) => !gone.includes(container.id)) : listed;
  const {history} = use;
  if (!history || identity === undefined) return joinVolumes(volumes, containers, usage, engine);
  const atMs = Date.now();
  const recorded = usage ? history.recordScan(identity, engine, scanOf(volumes, containers, usage, atMs)) : undefined;
  if (!use.read) return joinVolumes(volumes, containers, usage, engine);
  const facts =
    history.use((store) => {
      const id = store.engineId(identity);
      return id === undefined ? undefined : store.facts(id, windowMs(use.window), recorded ?? atMs);
    }) ?? new Map<string, VolumeFacts>();
  return joinVolumes(volumes, containers, usage, engine, {window: use.window, facts});
}

/** The history a command uses: none under --no-history; a write waits `busyMs` for another writer. */
export async function historyUse(
  options: {readonly history?: boolean; readonly growth?: GrowthWindow},
  use: {readonly read: boolean; readonly write: boolean} = {read: true, write: true},
): Promise<HistoryUse> {
  const window = options.growth ?? '24h';
  // Neither read nor written (a plain `ls --no-size`): not even opened.
  if (options.history === false || (!use.read && !use.write)) return {history: undefined, window, read: false};
  const {History} = await import('../local/history/history.js');
  return {history: await History.open({busyMs: 5_000}), window, read: use.read};
}
