import type {KeyContext} from '../keymap/types.js';
import type {DetailSeries, GrowthWindow} from '../model/growth.js';
import type {EngineData} from '../model/records.js';
import {EMPTY_FIELD, type TextField} from '../model/text-field.js';
import type {SortOrder, VolumeRow} from '../model/types.js';

export type {EngineData} from '../model/records.js';
import type {BrowserState} from './browser-state.js';
import type {MountsState} from './mounts-state.js';
import type {Dialog} from './dialogs/index.js';
import type {EnginePicker} from './picker-state.js';

export type View = 'table' | 'details' | 'browser' | 'mounts';

/** The engines as the app starts with them: names and how each prunes; data arrives by `data` actions. */
export function engineSlots(
  engines: ReadonlyArray<{readonly name: string; readonly pruneByLabel?: boolean; readonly dockerFlags: string}>,
): EngineData[] {
  return engines.map(({name, pruneByLabel, dockerFlags}) => ({
    name,
    ...(pruneByLabel !== undefined ? {pruneByLabel} : {}),
    dockerFlags,
    snapshot: undefined,
    rows: [],
  }));
}

export interface AppState {
  readonly view: View;
  /** Open help, for the context it was opened from (it lists what works there). */
  readonly helpFor: KeyContext | undefined;
  readonly filterEditing: boolean;
  readonly filter: TextField;
  readonly unusedOnly: boolean;
  readonly sort: SortOrder;
  /** All volumes joined with containers and sizes. */
  readonly rows: readonly VolumeRow[];
  /** rows after filter and sort: what the table shows. */
  readonly visible: readonly VolumeRow[];
  /** The selection follows the volume (its key: engine and name), not the index, across refreshes, sorts and filters. */
  readonly selectedKey: string | undefined;
  /**
   * Set by the first cursor move. Until then the cursor stays on the first row while engines'
   * lists arrive (several engines answer one by one; following the first one's top row would leave
   * the cursor mid-table).
   */
  readonly selectionChosen: boolean;
  readonly cursor: number;
  /** First row of the rendered window. */
  readonly top: number;
  /** Rows the table body has room for. */
  readonly pageSize: number;
  /** The terminal's width (the help's columns follow from it). */
  readonly columns: number;
  /** First line of the help shown (it scrolls when it does not fit). */
  readonly helpScroll: number;
  readonly detailsScroll: number;
  /** Every engine of the session, in the order given: what its store said last and its rows. */
  readonly engines: readonly EngineData[];
  /** Bumped by `r`; the app refreshes when it changes. */
  readonly refreshSeq: number;
  /** Bumped by Esc while a call waits on the engine; the app cancels it when this changes. */
  readonly cancelSeq: number;
  readonly quitRequested: boolean;
  /** The bind mounts and tmpfs view (m): kept once opened, so going back and forth keeps what was measured. */
  readonly mounts?: MountsState;
  /** Set while the file browser is open. */
  readonly browser?: BrowserState;
  /** Keys (engine and name) of the volumes marked; one that disappears from its engine drops out. */
  readonly marks: ReadonlySet<string>;
  readonly dialog?: Dialog;
  /** The engine picker (e), while open. */
  readonly picker?: EnginePicker;
  /** --read-only: no destructive key exists, and the reducer opens no destructive dialog. */
  readonly readOnly: boolean;
  /** Folders backups last went to (here, sftp://, rclone:), newest first: the backup prompt offers them. */
  readonly recentTargets: readonly string[];
  /** Source of request ids: effects tag their results with one, and stale results are dropped. */
  readonly seq: number;
  /** A request for the terminal layer (clipboard, suspend), carried out once per seq. */
  readonly terminalRequest?:
    | {readonly kind: 'copy'; readonly text: string; readonly seq: number}
    | {readonly kind: 'suspend'; readonly seq: number};
  /** One empty frame after a resume, so that the next frame is written whole. */
  readonly blank: boolean;
  /** A one-line note in place of the key hints, until the next key (e.g. "Copied …"). */
  readonly notice?: string;
  /** The window the GROWTH column measures over (`--growth`, `w`). */
  readonly growthWindow: GrowthWindow;
  /** The selected volume's sizes for the details' sparkline, once read. */
  readonly series?: DetailSeries;
  /** The size history's last word worth a line (off, or a file moved aside), kept on the status line. */
  readonly historyNote?: string;
}

export const initialState: AppState = {
  view: 'table',
  helpFor: undefined,
  filterEditing: false,
  filter: EMPTY_FIELD,
  unusedOnly: false,
  sort: {key: 'name', descending: false},
  rows: [],
  visible: [],
  selectedKey: undefined,
  selectionChosen: false,
  cursor: 0,
  top: 0,
  pageSize: 10,
  columns: 80,
  helpScroll: 0,
  detailsScroll: 0,
  engines: [],
  refreshSeq: 0,
  cancelSeq: 0,
  quitRequested: false,
  seq: 0,
  marks: new Set(),
  readOnly: false,
  recentTargets: [],
  blank: false,
  growthWindow: '24h',
};
