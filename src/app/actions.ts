import type {CopyInPlan} from '../model/copy-plan.js';
import type {EditOutcome} from './ports.js';
import type {KeyEvent} from '../keymap/types.js';
import type {RemoveOutcome} from '../model/cleanup.js';
import type {DiskUsageItem} from '../model/disk-usage.js';
import type {FileEntry, VolumePath} from '../model/files.js';
import type {EngineChoice, HelperProgress, Snapshot} from '../model/records.js';
import type {AnyJobResult, JobProgress} from './jobs/job.js';
import type {EditOp} from '../model/text-field.js';
import type {BindState, TmpfsDetail} from '../model/mounts.js';
import type {SortKey} from '../model/types.js';
import type {DetailSeries, HistoryView} from '../model/growth.js';

/** Everything a key or the engine can change. Key handlers produce these and nothing else. */
export type Action =
  /** A raw keypress: routed inside the reducer so it sees the state left by the key before it. `nowMs` is when it arrived. */
  | {type: 'key'; input: string; key: KeyEvent; nowMs: number}
  /** What one engine's store published. */
  | {type: 'data'; engine: string; snapshot: Snapshot}
  | {type: 'resize'; pageSize: number; columns?: number}
  | {type: 'move'; delta: number}
  | {type: 'page'; direction: 1 | -1}
  | {type: 'jump'; to: 'top' | 'bottom'}
  | {type: 'sort'; key: SortKey}
  /** What one engine's size history knows now (and a line worth showing about it: off, moved aside). */
  | {type: 'history'; engine: string; view: HistoryView | undefined; note?: string | undefined}
  /** `w`: the next growth window (1h, 24h, 7d, 30d). */
  | {type: 'growthWindow'}
  /** The selected volume's sizes over the window, for the details' sparkline. */
  | {type: 'historySeries'; series: DetailSeries}
  | {type: 'toggleUnused'}
  | {type: 'filterOpen'}
  | {type: 'filterAccept'}
  | {type: 'filterCancel'}
  | {type: 'filterClear'}
  /** One edit of whichever line of text is being typed (filter, prompt, form field). */
  | {type: 'edit'; op: EditOp}
  | {type: 'openDetails'}
  | {type: 'browse'}
  | BrowserAction
  | ExportAction
  | MarkAction
  | DialogAction
  | PickerAction
  | MountsViewAction
  | {type: 'back'}
  | {type: 'toggleHelp'}
  /** Effects are requested through state and carried out by the app, not by key handlers. */
  | {type: 'refresh'}
  | {type: 'quit'}
  /** Ctrl+Z: the terminal layer leaves the screen and stops the process. */
  | {type: 'suspend'}
  /** Back from `fg`: draw the whole frame again (the terminal has lost it). */
  | {type: 'resumed'}
  | {type: 'repainted'}
  | {type: 'copyName'}
  | {type: 'copied'; text: string; ok: boolean};

/** The file browser's own actions (it also takes move/page/jump/sort/filter/edit): its keys, and results of the helper's work (tagged with the request's seq). */
export type BrowserAction =
  | {type: 'helperProgress'; progress: HelperProgress}
  | {type: 'helperReady'}
  | {type: 'helperFailed'; message: string}
  | {type: 'listBatch'; seq: number; entries: readonly FileEntry[]; done: boolean; error?: string}
  | {type: 'open'}
  | {type: 'up'}
  | {type: 'browserBack'}
  | {type: 'reload'}
  /** `volscope browse ARCHIVE`: the browser opens on a backup, read-only. */
  | {type: 'browseArchive'; archive: string}
  /** Space in an archive's browser: mark the selected file or folder for R or x, or unmark it. */
  | {type: 'browserMark'}
  | {type: 'usageStart'}
  | {
      type: 'usageBatch';
      seq: number;
      pathKey: string;
      items: readonly DiskUsageItem[];
      done: boolean;
      total?: number;
      error?: string;
    }
  | {type: 'previewLoaded'; seq: number; bytes?: Buffer; error?: string; enter?: VolumePath}
  | {type: 'previewClose'};

/** Exporting a file or directory out of the browser (app/dialogs/export.ts). */
export type ExportAction =
  | {type: 'exportOpen'}
  | {type: 'exportAccept'}
  | {type: 'exportCancel'}
  | {type: 'replaceYes'}
  | {type: 'replaceNo'}
  /** Whether the destination typed exists: a question first, else the export job starts. */
  | {type: 'exportChecked'; seq: number; exists: boolean};

/** The mounts view (app/mounts-reducer.ts): binds and tmpfs of every container. */
export type MountsViewAction =
  | {type: 'mountsOpen'}
  | {type: 'mountsBack'}
  /** `r` in the mounts view: check again which bind sources are on the host. */
  | {type: 'mountsRecheck'}
  | {type: 'mountsTmpfs'; engine: string; details: ReadonlyMap<string, readonly TmpfsDetail[]>}
  /** `round`: the probe round the answer belongs to (a measure has none); answers from before a recheck are dropped. */
  | {type: 'bindState'; engine: string; path: string; state: BindState; round?: number}
  | {type: 'measureBind'}
  | {type: 'browseMount'};

/** Marks in the table (app/marks.ts). */
export type MarkAction = {type: 'mark'} | {type: 'markAll'} | {type: 'clearMarks'};

/**
 * The dialogs (app/dialogs/): the keys that open one, the keys routed to the one that is open,
 * and the results of the work it started (tagged with its seq; late ones are dropped).
 */
export type DialogAction =
  | {type: 'removeAsk'}
  | {type: 'pruneAsk'}
  | {type: 'createAsk'}
  | {type: 'backupAsk'; nowMs: number}
  | {type: 'cloneAsk'}
  | {type: 'restoreAsk'}
  /** o in the table: which backup to open in the file browser. */
  | {type: 'openArchiveAsk'}
  /** R in an archive's browser: the marked files into a volume. */
  | {type: 'restoreFilesAsk'}
  /** On a job refused for files already there or for running users: run it again so (o, s, S). */
  | {type: 'jobRetry'; change: 'overwrite' | 'skip' | 'stop'}
  | {type: 'emptyAsk'}
  | {type: 'renameAsk'}
  | {type: 'dialogFocus'}
  | {type: 'dialogPress'}
  | {type: 'dialogCancel'}
  | {type: 'dialogScroll'; delta: number}
  | {type: 'dialogField'; delta: 1 | -1}
  | {type: 'dialogToggle'}
  | {type: 'dialogSubmit'}
  /** Ctrl+T in create, restore and clone: the next engine of the session takes the new volume. */
  | {type: 'dialogEngine'}
  | {type: 'pruneScope'}
  | {type: 'removed'; seq: number; engine: string; outcome: RemoveOutcome; why?: string}
  | {type: 'created'; seq: number; error?: string}
  /** Of the job under way (app/jobs): merged into what it reported before. */
  | {type: 'jobProgress'; seq: number; progress: JobProgress}
  /** One request of the job finished, done or not. */
  | {type: 'jobFinished'; seq: number; result: AnyJobResult}
  /** ↑/↓ in the backup prompt: the next (1) or previous (-1) folder used before. */
  | {type: 'recentTarget'; delta: 1 | -1}
  /** u in a volume's browser: copy a file or folder of this machine into the folder shown. */
  | {type: 'copyInAsk'}
  /** Tab in the copy-in prompt, and the path it completed to. */
  | {type: 'copyInComplete'}
  | {type: 'copyInCompleted'; seq: number; text: string}
  /** What the path holds and would replace, or why it cannot be copied. */
  | {type: 'copyInPlanned'; seq: number; plan?: CopyInPlan; error?: string}
  /** e in a volume's browser: the selected file in the editor. */
  | {type: 'editAsk'}
  /** The editor closed: whether the file changed (and how many lines), or why it was not opened. */
  | {type: 'editOpened'; seq: number; outcome?: EditOutcome; error?: string}
  /** After an edit: write it back (keeping the old content, or not) or discard it. */
  | {type: 'editSave'; mode: 'write' | 'backup' | 'discard'};

/** The engine picker (e): docker contexts listed by the app's EngineSwitcher, one chosen. */
export type PickerAction =
  | {type: 'pickerOpen'}
  | {type: 'pickerItems'; seq: number; items: readonly EngineChoice[]; error?: string}
  | {type: 'pickerMove'; delta: number}
  | {type: 'pickerToggle'}
  | {type: 'pickerChoose'}
  | {type: 'pickerCancel'}
  | {type: 'pickerFailed'; seq: number; message: string};

export type ActionOf<T extends Action['type']> = Extract<Action, {type: T}>;
