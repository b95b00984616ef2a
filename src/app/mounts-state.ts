import {type BindState, joinMounts, type MountRow, type TmpfsDetail} from '../model/mounts.js';
import type {EngineData} from '../model/records.js';
import {EMPTY_FIELD, type TextField} from '../model/text-field.js';

/**
 * The mounts view: what inspect told of each engine's tmpfs mounts (a container's mounts never
 * change, so each container is asked once) and what is known of each bind source (there, missing,
 * measured), joined with the live container lists.
 */
export interface MountsState {
  readonly tmpfs: ReadonlyMap<string, ReadonlyMap<string, readonly TmpfsDetail[]>>;
  readonly binds: ReadonlyMap<string, ReadonlyMap<string, BindState>>;
  readonly rows: readonly MountRow[];
  readonly cursor: number;
  readonly top: number;
  readonly selectedKey: string | undefined;
  /** Its own filter (path, containers, destinations, projects): the volume table's stays as it was. */
  readonly filter: TextField;
  readonly filterEditing: boolean;
  /** Every mount before the filter: the count the view shows beside it. */
  readonly total: number;
  /** Bumped by each opening and `r`: a probe started before it answers about a host that may have changed since. */
  readonly probeRound: number;
}

export const EMPTY_MOUNTS: MountsState = {
  tmpfs: new Map(),
  binds: new Map(),
  rows: [],
  cursor: 0,
  top: 0,
  selectedKey: undefined,
  filter: EMPTY_FIELD,
  filterEditing: false,
  total: 0,
  probeRound: 0,
};

const NONE = new Map();

export function joinAllMounts(
  engines: readonly EngineData[],
  mounts: Pick<MountsState, 'tmpfs' | 'binds'>,
): MountRow[] {
  const rows = engines.flatMap((engine) =>
    joinMounts(
      engine.snapshot?.containers ?? [],
      engine.name,
      mounts.tmpfs.get(engine.name) ?? NONE,
      mounts.binds.get(engine.name) ?? NONE,
    ),
  );
  return engines.length > 1 ? rows.sort((a, b) => (a.type !== b.type ? (a.type === 'bind' ? -1 : 1) : 0)) : rows;
}

export function selectedMount(mounts: MountsState | undefined): MountRow | undefined {
  return mounts?.rows[mounts.cursor];
}
