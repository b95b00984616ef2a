import type {EngineData} from './records.js';
import type {ConnectionState} from './types.js';

/** What the status line says of the session's engines, one or many, in one record. */
export interface FleetStatus {
  /** One engine: its address. Several: empty (the counts say it). */
  readonly address: string;
  /** The worst of them: one engine away makes the figures partial. */
  readonly connection: ConnectionState;
  /** The first engine's error, prefixed with its name when there are several. */
  readonly error: string | undefined;
  /** The oldest size scan shown (a total is only as fresh as its oldest part). */
  readonly usageAt: number | undefined;
  /** Every engine that listed has sizes: the totals are whole. */
  readonly sizesKnown: boolean;
  readonly sizing: boolean;
  /** Some engine has listed: there is a table to show. */
  readonly listed: boolean;
  /** The longest wait on a list and on a size scan (ms since epoch of its start). */
  readonly listingSince: number | undefined;
  readonly sizingSince: number | undefined;
  readonly engines: number;
  readonly live: number;
  /** Engines that are not answering (their rows, if any, are dimmed). */
  readonly down: number;
}

/** An engine is down once it failed and has not answered since; one still connecting is not. */
export function isDown(engine: EngineData): boolean {
  const snapshot = engine.snapshot;
  return !!snapshot && snapshot.connection !== 'connected' && snapshot.error !== undefined;
}

const earliest = (values: ReadonlyArray<number | undefined>) => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? Math.min(...known) : undefined;
};

export function fleetStatus(engines: readonly EngineData[]): FleetStatus {
  const snapshots = engines.map((e) => e.snapshot);
  const many = engines.length > 1;
  const down = engines.filter(isDown).length;
  const live = snapshots.filter((s) => s?.connection === 'connected').length;
  const failing = engines.find((e) => e.snapshot?.error !== undefined);
  const listedOnes = snapshots.filter((s) => s?.listed);
  const connection: ConnectionState = snapshots.some((s) => s?.connection === 'reconnecting')
    ? 'reconnecting'
    : live === engines.length
      ? 'connected'
      : 'connecting';
  return {
    address: many ? '' : (snapshots[0]?.address ?? ''),
    connection,
    error: failing ? (many ? `${failing.name}: ${failing.snapshot!.error}` : failing.snapshot!.error) : undefined,
    usageAt: earliest(listedOnes.map((s) => s?.usageAt)),
    sizesKnown: listedOnes.length > 0 && listedOnes.every((s) => s?.usage !== undefined),
    sizing: snapshots.some((s) => s?.sizingSince !== undefined),
    listed: listedOnes.length > 0,
    listingSince: earliest(snapshots.map((s) => s?.listingSince)),
    sizingSince: earliest(snapshots.map((s) => s?.sizingSince)),
    engines: engines.length,
    live,
    down,
  };
}
