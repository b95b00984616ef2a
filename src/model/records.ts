import type {HistoryView} from './growth.js';
import type {ConnectionState, Container, Volume, VolumeRow, VolumeUsage} from './types.js';

/**
 * Plain records that travel from the engine layer to the app's state: declared here so that the
 * app's state is made of model/ types only.
 */

/** The live picture of one engine, as LiveStore publishes it. */
export interface Snapshot {
  readonly volumes: readonly Volume[];
  readonly containers: readonly Container[];
  /** undefined until the first size scan finished. */
  readonly usage: ReadonlyMap<string, VolumeUsage> | undefined;
  /** When the sizes shown were measured (ms since epoch). */
  readonly usageAt: number | undefined;
  /** When the running size scan started (ms since epoch); undefined while none runs. */
  readonly sizingSince: number | undefined;
  /** Set once a list has been waiting longer than pendingNoticeMs: the status line says so. */
  readonly listingSince: number | undefined;
  readonly listed: boolean;
  readonly connection: ConnectionState;
  /** Last failure, cleared by the next success. */
  readonly error: string | undefined;
  readonly address: string;
  /** The engine's API version, once it has answered (decides how its prune spots anonymous volumes). */
  readonly apiVersion?: string;
}

/** An engine before its first answer: nothing listed, still connecting. */
export function waitingSnapshot(address: string): Snapshot {
  return {
    volumes: [],
    containers: [],
    usage: undefined,
    usageAt: undefined,
    sizingSince: undefined,
    listingSince: undefined,
    listed: false,
    connection: 'connecting',
    error: undefined,
    address,
  };
}

/** One engine as the app holds it: its name, what its store published last, and its volumes joined once. */
export interface EngineData {
  readonly name: string;
  readonly snapshot: Snapshot | undefined;
  readonly rows: readonly VolumeRow[];
  /** A fixed prune rule (tests, the bench); absent, the engine's API version decides (prunesByLabel), as its own prune does. */
  readonly pruneByLabel?: boolean;
  /** How the docker CLI reaches it (`--context prod`), for the equivalent commands dialogs show; '' for the CLI's default. */
  readonly dockerFlags: string;
  /** What the size history knows of its volumes; absent under --no-history or until it is read. */
  readonly history?: HistoryView;
}

/** Progress while a browsing session gets its helper ready. */
export type HelperProgress =
  | {readonly phase: 'pulling'; readonly image: string; readonly current: number; readonly total: number}
  | {readonly phase: 'starting'; readonly image: string}
  /** An archive without an index, read once through for its list of files: tar bytes so far. */
  | {readonly phase: 'scanning'; readonly current: number};

/** How a backup, clone or restore ended, in one line for the dialog. */
export interface JobOutcome {
  readonly name: string;
  readonly ok: boolean;
  /** Written and checked (path, sizes, sha256), or what went wrong. */
  readonly message: string;
}

/** Where an emptying is (ops/empty), for its progress line. */
export type EmptyPhase = 'stopping' | 'emptying' | 'starting' | 'checking';

/** One docker context as the engine picker shows it. */
export interface EngineChoice {
  readonly name: string;
  readonly description: string;
  /** The engine address it names (for `default`: DOCKER_HOST or the local socket). */
  readonly endpoint: string;
  /** The engine this session talks to now. */
  readonly current: boolean;
}
