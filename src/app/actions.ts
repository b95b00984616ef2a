import type {Snapshot} from '../docker/live-store.js';
import type {KeyEvent} from '../keymap/types.js';
import type {HelperProgress} from '../docker/gateway.js';
import type {DiskUsageItem} from '../model/disk-usage.js';
import type {FileEntry, VolumePath} from '../model/files.js';
import type {SortKey} from '../model/types.js';
import type {RemoveOutcome} from '../model/cleanup.js';
import type {BackupOutcome} from './cleanup-state.js';
import type {EngineChoice} from './picker-state.js';

/** Everything a key or the engine can change. Key handlers produce these and nothing else. */
export type Action =
  /** A raw keypress: routed inside the reducer so it sees the state left by the key before it. */
  | {type: 'key'; input: string; key: KeyEvent}
  | {type: 'data'; snapshot: Snapshot}
  | {type: 'resize'; pageSize: number}
  | {type: 'move'; delta: number}
  | {type: 'page'; direction: 1 | -1}
  | {type: 'jump'; to: 'top' | 'bottom'}
  | {type: 'sort'; key: SortKey}
  | {type: 'toggleUnused'}
  | {type: 'filterOpen'}
  | {type: 'filterType'; text: string}
  | {type: 'filterErase'; all: boolean}
  | {type: 'filterAccept'}
  | {type: 'filterCancel'}
  | {type: 'filterClear'}
  | {type: 'openDetails'}
  | {type: 'browse'}
  | BrowserAction
  | CleanupAction
  | PickerAction
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

/** The file browser's own actions (it also takes move/page/jump/sort/filter*): its keys, and results of the helper's work (tagged with the request's seq). */
export type BrowserAction =
  | {type: 'helperProgress'; progress: HelperProgress}
  | {type: 'helperReady'}
  | {type: 'helperFailed'; message: string}
  | {type: 'listBatch'; seq: number; entries: readonly FileEntry[]; done: boolean; error?: string}
  | {type: 'open'}
  | {type: 'up'}
  | {type: 'browserBack'}
  | {type: 'reload'}
  | {type: 'usageStart'}
  | {type: 'usageBatch'; seq: number; pathKey: string; items: readonly DiskUsageItem[]; done: boolean; total?: number; error?: string}
  | {type: 'previewLoaded'; seq: number; bytes?: Buffer; error?: string; enter?: VolumePath}
  | {type: 'previewClose'}
  | {type: 'exportOpen'}
  | {type: 'promptType'; text: string}
  | {type: 'promptErase'; all: boolean}
  | {type: 'promptAccept'}
  | {type: 'promptCancel'}
  | {type: 'confirmYes'}
  | {type: 'confirmNo'}
  | {type: 'exportProgress'; seq: number; bytes: number}
  | {type: 'exportExists'; seq: number; destination: string}
  | {type: 'exportDone'; seq: number; destination: string; bytes: number; error?: string};

/** Marks, the remove/prune/create dialogs, and the results of the removals they start. */
export type CleanupAction =
  | {type: 'mark'}
  | {type: 'markAll'}
  | {type: 'clearMarks'}
  | {type: 'removeAsk'}
  | {type: 'pruneAsk'}
  | {type: 'createAsk'}
  | {type: 'dialogFocus'}
  | {type: 'dialogTab'}
  | {type: 'dialogConfirm'}
  | {type: 'dialogCancel'}
  | {type: 'dialogScroll'; delta: number}
  | {type: 'typedType'; text: string}
  | {type: 'typedErase'}
  | {type: 'typedAccept'}
  | {type: 'formField'; delta: 1 | -1}
  | {type: 'formType'; text: string}
  | {type: 'formErase'; all: boolean}
  | {type: 'formSubmit'}
  | {type: 'removed'; seq: number; outcome: RemoveOutcome; why?: string}
  | {type: 'created'; seq: number; error?: string}
  | {type: 'backupAsk'; nowMs: number}
  | {type: 'pathType'; text: string}
  | {type: 'pathErase'; all: boolean}
  | {type: 'pathAccept'}
  | {type: 'backupProgress'; seq: number; rawBytes: number; writtenBytes: number; startedMs: number}
  | {type: 'backupFinished'; seq: number; outcome: BackupOutcome}
  | {type: 'cloneAsk'}
  | {type: 'restoreAsk'}
  | {type: 'restoreFinished'; seq: number; outcome: BackupOutcome}
  | {type: 'pathToggle'}
  | {type: 'cloneFinished'; seq: number; outcome: BackupOutcome};

/** The engine picker (e): docker contexts listed by the app's EngineSwitcher, one chosen. */
export type PickerAction =
  | {type: 'pickerOpen'}
  | {type: 'pickerItems'; seq: number; items: readonly EngineChoice[]; error?: string}
  | {type: 'pickerMove'; delta: number}
  | {type: 'pickerChoose'}
  | {type: 'pickerCancel'}
  | {type: 'pickerFailed'; seq: number; message: string};
