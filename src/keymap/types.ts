/**
 * Where a binding applies: a view, or the dialog the user is looking at (one per flow).
 * `global` bindings work in every context that does not capture text.
 */
export type KeyContext =
  | 'global'
  | 'table'
  | 'details'
  | 'browser'
  | 'preview'
  | 'help'
  | 'filter'
  | 'picker'
  | 'mounts'
  | 'export'
  | 'replace'
  | 'remove'
  | 'prune'
  | 'pruneAll'
  | 'create'
  | 'backup'
  | 'clone'
  | 'restore'
  /** R in a backup's browser: which volume the marked files go into. */
  | 'restoreFiles'
  /** u in a volume's browser: which file or folder of this machine to copy in, then what it will write. */
  | 'copyIn'
  | 'copyInConfirm'
  /** e, once the editor closed on a changed file: write it back, with a backup, or discard. */
  | 'editSave'
  /** o: which backup to open in the browser. */
  | 'openArchive'
  | 'empty'
  | 'rename'
  /** Work under way (removing, backing up, cloning, restoring). */
  | 'working'
  /** What came of it, with an OK to close. */
  | 'result'
  /** A job refused for files already there or for running users: run it again so, or close. */
  | 'retry';

/** Contexts that capture typed text: there only their own bindings apply (`q` is a letter). */
export const TEXT_CONTEXTS: readonly KeyContext[] = [
  'filter',
  'export',
  'pruneAll',
  'create',
  'backup',
  'clone',
  'restore',
  'empty',
  'rename',
  'restoreFiles',
  'openArchive',
  'copyIn',
];

export type SpecialKey =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'return'
  | 'escape'
  | 'backspace'
  | 'tab'
  | 'delete'
  | 'space'
  | 'backtab';

/** A printable character (`input`), a special key, or Ctrl plus a letter. */
export type KeySpec = {readonly input: string} | {readonly special: SpecialKey} | {readonly ctrl: string};

export type Category =
  | 'Navigation'
  | 'Volumes'
  | 'Clean-up'
  | 'Backup'
  | 'Files'
  | 'View'
  | 'Filter'
  | 'Editing'
  | 'Application';

export interface CommandDef<Id extends string = string> {
  readonly id: Id;
  readonly contexts: readonly KeyContext[];
  readonly keys: readonly KeySpec[];
  readonly description: string;
  /** Few-word label for the status-bar hints; commands without one are only in the help. */
  readonly hint?: string;
  readonly category: Category;
  /** Destructive: needs a confirmation and disappears under --read-only. */
  readonly dangerous?: boolean;
}

/** The subset of Ink's Key we match on; keeps keymap/ free of Ink imports. */
export interface KeyEvent {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly tab?: boolean;
  readonly shift?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
}
