import type {FileSortOrder} from '../model/file-list.js';
import type {HelperProgress} from '../model/records.js';
import {EMPTY_FIELD, type TextField} from '../model/text-field.js';
import {archiveName, type FileEntry, type VolumePath} from '../model/files.js';

import type {Preview} from '../model/preview.js';

/** A disk usage scan of one directory: kept while browsing, so going back shows it again. */
export interface UsageScan {
  /** Bytes of each entry finished so far (their count is how far the scan got). */
  readonly bytes: ReadonlyMap<string, number>;
  /** Entries to measure. */
  readonly of: number;
  readonly total: number | undefined;
  readonly status: 'running' | 'done' | 'cancelled' | {readonly error: string};
  /** Identifies the run, so late results of a cancelled one are ignored. */
  readonly seq: number;
}

export interface PreviewState {
  readonly path: VolumePath;
  readonly entry: FileEntry;
  readonly seq: number;
  readonly preview?: Preview;
  readonly error?: string;
  readonly scroll: number;
}

/** The export question: where to, then (if something is there) whether to replace it. */
export interface ExportPrompt {
  readonly path: VolumePath;
  readonly entry: FileEntry;
  readonly destination: TextField;
  /** Set once the user pressed Enter and the destination turned out to exist. */
  readonly confirmReplace?: string;
  /** Enter was pressed: whether the destination exists is being asked (the seq of the question). */
  readonly checking?: number;
}

export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'error';
}

export interface BrowserState {
  /** One per opening of the browser: one helper container each. */
  readonly id: number;
  /** The engine whose helper lists the volume. */
  readonly engine: string;
  readonly volume: string;
  /** Browsing a host path that containers bind (from the mounts view) instead of a volume: `volume` holds the path. */
  readonly bind?: boolean;
  /** Browsing a backup (a path here, sftp://… or rclone:…), read-only: `volume` holds its name. */
  readonly archive?: string;
  /** Files and folders marked with Space (markKey), for a restore or an extract out of an archive. */
  readonly marks: ReadonlySet<string>;
  /** The helper: being pulled/started (with progress once known), ready, or it could not be had (the message says why and what to do). */
  readonly helper:
    | {readonly status: 'starting'; readonly progress?: HelperProgress}
    | {readonly status: 'ready'}
    | {readonly status: 'failed'; readonly error: string};
  readonly path: VolumePath;
  readonly entries: readonly FileEntry[];
  readonly visible: readonly FileEntry[];
  readonly listing: boolean;
  readonly listSeq: number;
  readonly listError?: string;
  readonly selectedKey: string | undefined;
  readonly cursor: number;
  readonly top: number;
  readonly sort: FileSortOrder;
  readonly filter: TextField;
  readonly filterEditing: boolean;
  /** Scans by directory (pathKey). */
  readonly usage: ReadonlyMap<string, UsageScan>;
  /** Where the cursor was in each directory left, so going up lands on the folder just left. */
  readonly cursorMemory: ReadonlyMap<string, string>;
  readonly preview?: PreviewState;
  readonly prompt?: ExportPrompt;
  readonly notice?: Notice;
}

export function initialBrowser(
  engine: string,
  volume: string,
  seq: number,
  bind = false,
  archive?: string,
): BrowserState {
  return {
    id: seq,
    engine,
    volume,
    ...(bind ? {bind} : {}),
    ...(archive ? {archive} : {}),
    marks: new Set(),
    helper: {status: 'starting'},
    path: [],
    entries: [],
    visible: [],
    listing: true,
    listSeq: seq,
    selectedKey: undefined,
    cursor: 0,
    top: 0,
    sort: {key: 'name', descending: false},
    filter: EMPTY_FIELD,
    filterEditing: false,
    usage: new Map(),
    cursorMemory: new Map(),
  };
}

/** The marked paths as the archive names them, or the selected entry's when none is marked. */
export function chosenPaths(browser: BrowserState): string[] {
  if (browser.marks.size) return [...browser.marks].map((key) => Buffer.from(key, 'latin1').toString('utf8')).sort();
  const entry = selectedEntry(browser);
  return entry ? [archiveName([...browser.path, entry.raw])] : [];
}

export function selectedEntry(browser: BrowserState): FileEntry | undefined {
  return browser.visible[browser.cursor];
}

/** The usage scan of the directory shown, when one was started. */
export function isScanning(scan: UsageScan | undefined): boolean {
  return scan?.status === 'running';
}
