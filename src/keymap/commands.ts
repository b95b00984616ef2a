import type {CommandDef} from './types.js';

const NAV = ['table', 'details', 'browser', 'preview', 'remove', 'prune', 'help', 'mounts'] as const;
const LISTS = ['table', 'browser'] as const;
/** Where a line of text is typed: the same editing keys in each. */
const TEXT = [
  'filter',
  'export',
  'pruneAll',
  'create',
  'backup',
  'clone',
  'restore',
  'restoreFiles',
  'empty',
  'rename',
] as const;

/**
 * Every key volscope answers to. The help overlay, the status-bar hints and the key table of docs/keys.md
 * are generated from this list, so a binding added here is documented everywhere at once.
 */
// biome-ignore format: one command per line reads as the table it is (730 lines once each field had its own)
export const COMMANDS = [
  {id: 'nav.up', contexts: NAV, keys: [{special: 'up'}, {input: 'k'}], description: 'Move up one row', category: 'Navigation'},
  {id: 'nav.down', contexts: NAV, keys: [{special: 'down'}, {input: 'j'}], description: 'Move down one row', category: 'Navigation'},
  {id: 'nav.pageUp', contexts: NAV, keys: [{special: 'pageUp'}, {ctrl: 'b'}], description: 'Move up one page', category: 'Navigation'},
  {id: 'nav.pageDown', contexts: NAV, keys: [{special: 'pageDown'}, {ctrl: 'f'}], description: 'Move down one page', category: 'Navigation'},
  {id: 'nav.top', contexts: NAV, keys: [{input: 'g'}, {special: 'home'}], description: 'Go to the first row', category: 'Navigation'},
  {id: 'nav.bottom', contexts: NAV, keys: [{input: 'G'}, {special: 'end'}], description: 'Go to the last row', category: 'Navigation'},

  {id: 'table.browse', contexts: ['table'], keys: [{special: 'return'}, {special: 'right'}, {input: 'l'}], description: 'Browse the files of the selected volume', hint: 'browse', category: 'Volumes'},
  {id: 'table.details', contexts: ['table'], keys: [{input: 'i'}], description: 'Show all details of the selected volume', hint: 'details', category: 'Volumes'},
  {id: 'table.mounts', contexts: ['table'], keys: [{input: 'm'}], description: 'Bind mounts and tmpfs of every container: host paths, who mounts them, their Compose project', hint: 'mounts', category: 'Volumes'},
  {id: 'mounts.browse', contexts: ['mounts'], keys: [{special: 'return'}, {special: 'right'}, {input: 'l'}], description: 'Browse the bind source read-only, through the helper (a missing one is never created)', hint: 'browse', category: 'Volumes'},
  {id: 'mounts.size', contexts: ['mounts'], keys: [{input: 's'}], description: 'Measure the size of the selected bind source (du inside the helper)', hint: 'size', category: 'Volumes'},
  {id: 'mounts.back', contexts: ['mounts'], keys: [{special: 'escape'}, {input: 'm'}], description: 'Clear the filter, else back to the volumes', hint: 'volumes', category: 'Volumes'},
  {id: 'table.unusedOnly', contexts: ['table'], keys: [{input: 'u'}], description: 'Show only unused volumes (toggle)', category: 'Volumes'},
  {id: 'table.copyName', contexts: ['table', 'details'], keys: [{input: 'y'}], description: 'Copy the volume name to the clipboard (OSC 52, also over SSH)', category: 'Volumes'},
  {id: 'app.refresh', contexts: ['table', 'details', 'mounts'], keys: [{input: 'r'}], description: 'Refresh now, sizes included', category: 'Volumes'},

  {id: 'table.mark', contexts: ['table'], keys: [{special: 'space'}], description: 'Mark or unmark the selected volume for removal (and backups of several)', category: 'Clean-up', dangerous: true},
  {id: 'table.markAll', contexts: ['table'], keys: [{input: 'a'}], description: 'Mark every volume shown (after a filter or u: exactly those)', category: 'Clean-up', dangerous: true},
  {id: 'table.clearMarks', contexts: ['table'], keys: [{input: 'U'}], description: 'Unmark all', category: 'Clean-up', dangerous: true},
  {id: 'table.remove', contexts: ['table'], keys: [{input: 'd'}, {special: 'delete'}], description: 'Remove the selected volume, or every marked one (asks first)', hint: 'remove', category: 'Clean-up', dangerous: true},
  {id: 'table.prune', contexts: ['table'], keys: [{input: 'p'}], description: 'Prune: preview the unused volumes, then remove exactly those', hint: 'prune', category: 'Clean-up', dangerous: true},
  {id: 'table.create', contexts: ['table'], keys: [{input: 'n'}], description: 'Create a volume', category: 'Clean-up', dangerous: true},
  {id: 'table.empty', contexts: ['table'], keys: [{input: 'E'}], description: 'Empty the selected volume: delete everything inside, keep the volume, its name and labels (asks for the name)', category: 'Clean-up', dangerous: true},
  {id: 'empty.start', contexts: ['empty'], keys: [{special: 'return'}], description: 'Empty it, once its name is typed', hint: 'empty', category: 'Clean-up'},
  {id: 'empty.stopToggle', contexts: ['empty'], keys: [{special: 'tab'}], description: 'Stop the running containers that use it for the duration and start them after, or not', category: 'Clean-up'},
  {id: 'empty.cancel', contexts: ['empty'], keys: [{special: 'escape'}], description: 'Cancel: nothing is deleted', hint: 'cancel', category: 'Clean-up'},
  {id: 'table.rename', contexts: ['table'], keys: [{input: 'M'}], description: 'Rename (move) the selected volume: copied inside the engine, compared, the old one removed; only if no container uses it', category: 'Clean-up', dangerous: true},
  {id: 'rename.start', contexts: ['rename'], keys: [{special: 'return'}], description: 'Rename to the name typed', hint: 'rename', category: 'Clean-up'},
  {id: 'rename.cancel', contexts: ['rename'], keys: [{special: 'escape'}], description: 'Cancel: nothing changes', hint: 'cancel', category: 'Clean-up'},
  {id: 'dialog.focus', contexts: ['remove', 'prune'], keys: [{special: 'left'}, {special: 'right'}], description: 'Move between Cancel and the action', category: 'Clean-up'},
  {id: 'remove.tab', contexts: ['remove'], keys: [{special: 'tab'}], description: 'Move between Cancel and Remove', category: 'Clean-up'},
  {id: 'prune.scope', contexts: ['prune', 'pruneAll'], keys: [{special: 'tab'}], description: 'Switch scope: anonymous unused / all unused, named too', hint: 'scope', category: 'Clean-up'},
  {id: 'dialog.press', contexts: ['remove', 'prune'], keys: [{special: 'return'}], description: 'Press the focused button (Cancel, unless you moved to the action)', hint: 'press', category: 'Clean-up'},
  {id: 'remove.cancel', contexts: ['remove', 'prune', 'pruneAll'], keys: [{special: 'escape'}], description: 'Cancel: nothing is removed', hint: 'cancel', category: 'Clean-up'},
  {id: 'pruneAll.accept', contexts: ['pruneAll'], keys: [{special: 'return'}], description: 'Remove, once the word prune is typed', hint: 'remove', category: 'Clean-up'},
  {id: 'pruneAll.up', contexts: ['pruneAll'], keys: [{special: 'up'}], description: 'Scroll the list up', category: 'Clean-up'},
  {id: 'pruneAll.down', contexts: ['pruneAll'], keys: [{special: 'down'}], description: 'Scroll the list down', category: 'Clean-up'},
  {id: 'form.next', contexts: ['create', 'restore'], keys: [{special: 'tab'}, {special: 'down'}], description: 'Next field', hint: 'next', category: 'Clean-up'},
  {id: 'form.previous', contexts: ['create', 'restore'], keys: [{special: 'backtab'}, {special: 'up'}], description: 'Previous field', category: 'Clean-up'},
  {id: 'create.submit', contexts: ['create'], keys: [{special: 'return'}], description: 'Create the volume', hint: 'create', category: 'Clean-up'},
  {id: 'create.cancel', contexts: ['create'], keys: [{special: 'escape'}], description: 'Cancel: nothing is created', hint: 'cancel', category: 'Clean-up'},
  {id: 'working.cancel', contexts: ['working'], keys: [{special: 'escape'}], description: 'Cancel the backup, export, clone, restore or rename under way (no file under the final name, no volume the clone or rename created, a restore undone); a removal or emptying finishes and reports', hint: 'cancel', category: 'Clean-up'},
  {id: 'result.close', contexts: ['result', 'retry'], keys: [{special: 'return'}, {special: 'escape'}], description: 'Close the result', hint: 'close', category: 'Clean-up'},

  {id: 'table.backup', contexts: ['table'], keys: [{input: 'b'}], description: 'Back up the selected volume, or every marked one, to a .tar.gz here, on sftp:// or rclone:', hint: 'backup', category: 'Backup'},
  {id: 'backup.start', contexts: ['backup'], keys: [{special: 'return'}], description: 'Start the backup to the path typed', hint: 'start', category: 'Backup'},
  {id: 'backup.stopToggle', contexts: ['backup'], keys: [{special: 'tab'}], description: 'Stop the running containers for the backup and start them after, or not', category: 'Backup', dangerous: true},
  {id: 'backup.recentPrevious', contexts: ['backup'], keys: [{special: 'up'}], description: 'Fill in the folder a backup went to before (here, sftp:// or rclone:), newer first', category: 'Backup'},
  {id: 'backup.recentNext', contexts: ['backup'], keys: [{special: 'down'}], description: 'Fill in the next folder a backup went to before, older first', category: 'Backup'},
  {id: 'backup.cancel', contexts: ['backup'], keys: [{special: 'escape'}], description: 'Cancel: nothing is written', hint: 'cancel', category: 'Backup'},
  {id: 'table.clone', contexts: ['table'], keys: [{input: 'c'}], description: 'Clone the selected volume into a new one (engine to engine, no local file)', category: 'Backup', dangerous: true},
  {id: 'dialog.engine', contexts: ['create', 'restore', 'clone', 'restoreFiles'], keys: [{ctrl: 't'}], description: 'Next engine, when several are open: where the new volume goes', hint: 'engine', category: 'Clean-up'},
  {id: 'clone.start', contexts: ['clone'], keys: [{special: 'return'}], description: 'Clone into the name typed', hint: 'start', category: 'Backup'},
  {id: 'clone.labelsToggle', contexts: ['clone'], keys: [{special: 'tab'}], description: 'Copy the labels to the new volume, or not', category: 'Backup'},
  {id: 'clone.cancel', contexts: ['clone'], keys: [{special: 'escape'}], description: 'Cancel: nothing is created', hint: 'cancel', category: 'Backup'},
  {id: 'table.restore', contexts: ['table'], keys: [{input: 'R'}], description: 'Restore a backup file into a volume (new, or empty)', category: 'Backup', dangerous: true},
  {id: 'restore.start', contexts: ['restore'], keys: [{special: 'return'}], description: 'Start the restore', hint: 'restore', category: 'Backup'},
  {id: 'restore.cancel', contexts: ['restore'], keys: [{special: 'escape'}], description: 'Cancel: nothing is written', hint: 'cancel', category: 'Backup'},
  {id: 'restoreFiles.start', contexts: ['restoreFiles'], keys: [{special: 'return'}], description: 'Restore the marked files into the volume typed (files already there are named first)', hint: 'restore', category: 'Backup'},
  {id: 'restoreFiles.stopToggle', contexts: ['restoreFiles'], keys: [{special: 'tab'}], description: 'Stop the running containers that use the volume for the restore and start them after, or not', hint: 'stop containers', category: 'Backup', dangerous: true},
  {id: 'restoreFiles.cancel', contexts: ['restoreFiles'], keys: [{special: 'escape'}], description: 'Cancel: nothing is written', hint: 'cancel', category: 'Backup'},
  {id: 'retry.overwrite', contexts: ['retry'], keys: [{input: 'o'}], description: 'Restore again, replacing the files that are there (each whole, never half-written)', hint: 'overwrite', category: 'Backup', dangerous: true},
  {id: 'retry.skip', contexts: ['retry'], keys: [{input: 's'}], description: 'Restore again, keeping the files that are there', hint: 'skip them', category: 'Backup', dangerous: true},
  {id: 'retry.stop', contexts: ['retry'], keys: [{input: 'S'}], description: 'Restore again, stopping the running containers that use the volume for the duration', hint: 'stop them', category: 'Backup', dangerous: true},

  {id: 'browser.open', contexts: ['browser'], keys: [{special: 'return'}, {special: 'right'}, {input: 'l'}], description: 'Open: enter a directory, preview a file, follow a link that stays in the volume', hint: 'open', category: 'Files'},
  {id: 'browser.up', contexts: ['browser'], keys: [{special: 'backspace'}, {special: 'left'}, {input: 'h'}], description: 'Go up one directory (at the root: back to the volumes)', hint: 'up', category: 'Files'},
  {id: 'browser.back', contexts: ['browser'], keys: [{special: 'escape'}], description: 'Cancel a running scan, else clear the filter, else go up; at the root, back to the volumes', category: 'Files'},
  {id: 'browser.usage', contexts: ['browser'], keys: [{input: 'U'}], description: 'Disk usage of every entry here, largest first (what is big)', hint: 'usage', category: 'Files'},
  {id: 'browser.export', contexts: ['browser', 'preview'], keys: [{input: 'x'}], description: 'Export the selected file or directory to a local path', hint: 'export', category: 'Files'},
  {id: 'browser.mark', contexts: ['browser'], keys: [{special: 'space'}], description: "In a backup's browser: mark or unmark the file or folder for R (restore) and x (extract)", hint: 'mark', category: 'Files'},
  {id: 'browser.restoreFiles', contexts: ['browser'], keys: [{input: 'R'}], description: "In a backup's browser: restore the marked files (or the selected one) into a volume, keeping its other files", hint: 'restore', category: 'Files', dangerous: true},
  {id: 'browser.reload', contexts: ['browser'], keys: [{input: 'r'}], description: 'List the directory again', category: 'Files'},
  {id: 'preview.close', contexts: ['preview'], keys: [{special: 'escape'}, {special: 'backspace'}, {special: 'left'}, {input: 'h'}], description: 'Close the preview', hint: 'close', category: 'Files'},
  {id: 'export.accept', contexts: ['export'], keys: [{special: 'return'}], description: 'Export to the path typed', hint: 'export', category: 'Files'},
  {id: 'export.cancel', contexts: ['export'], keys: [{special: 'escape'}], description: 'Cancel the export', hint: 'cancel', category: 'Files'},
  {id: 'replace.yes', contexts: ['replace'], keys: [{input: 'y'}], description: 'Replace what is at the destination', hint: 'replace', category: 'Files'},
  {id: 'replace.no', contexts: ['replace'], keys: [{input: 'n'}, {special: 'escape'}, {special: 'return'}], description: 'Keep it and cancel (Enter: the focused choice, Cancel)', hint: 'cancel', category: 'Files'},

  {id: 'sort.name', contexts: LISTS, keys: [{input: 'N'}], description: 'Sort by name (again: reverse)', category: 'View'},
  {id: 'sort.size', contexts: LISTS, keys: [{input: 'S'}], description: 'Sort by size (again: reverse)', hint: 'sort', category: 'View'},
  {id: 'sort.age', contexts: LISTS, keys: [{input: 'A'}], description: 'Sort by age / modification time (again: reverse)', category: 'View'},
  {id: 'sort.containers', contexts: ['table'], keys: [{input: 'C'}], description: 'Sort by number of containers (again: reverse)', category: 'View'},
  {id: 'sort.engine', contexts: ['table'], keys: [{input: 'H'}], description: 'Sort by host engine, when several are open (again: reverse)', category: 'View'},

  {id: 'filter.open', contexts: [...LISTS, 'mounts'], keys: [{input: '/'}], description: 'Filter: volumes by name, label or container; files by name; mounts by path, container or project', hint: 'filter', category: 'Filter'},
  {id: 'filter.clear', contexts: ['table'], keys: [{special: 'escape'}], description: 'Cancel what waits on the engine (a size scan, a slow list), else clear the filter', category: 'Filter'},
  {id: 'filter.accept', contexts: ['filter'], keys: [{special: 'return'}], description: 'Keep the filter and return to the list', hint: 'keep', category: 'Filter'},
  {id: 'filter.cancel', contexts: ['filter'], keys: [{special: 'escape'}], description: 'Clear the filter and return to the list', hint: 'clear', category: 'Filter'},

  {id: 'edit.eraseForward', contexts: TEXT, keys: [{special: 'delete'}], description: 'Delete the character under the cursor', category: 'Editing'},
  {id: 'edit.erase', contexts: TEXT, keys: [{special: 'backspace'}], description: 'Delete the character before the cursor', category: 'Editing'},
  {id: 'edit.clear', contexts: TEXT, keys: [{ctrl: 'u'}], description: 'Clear the text', category: 'Editing'},
  {id: 'edit.left', contexts: TEXT, keys: [{special: 'left'}], description: 'Move the cursor left', category: 'Editing'},
  {id: 'edit.right', contexts: TEXT, keys: [{special: 'right'}], description: 'Move the cursor right', category: 'Editing'},
  {id: 'edit.home', contexts: TEXT, keys: [{special: 'home'}, {ctrl: 'a'}], description: 'Move the cursor to the start', category: 'Editing'},
  {id: 'edit.end', contexts: TEXT, keys: [{special: 'end'}, {ctrl: 'e'}], description: 'Move the cursor to the end', category: 'Editing'},

  {id: 'table.engine', contexts: ['table'], keys: [{input: 'e'}], description: 'Engines: pick the docker contexts this session shows (Space marks several; volscope contexts lists them)', category: 'Application'},
  {id: 'picker.up', contexts: ['picker'], keys: [{special: 'up'}, {input: 'k'}], description: 'Previous context', category: 'Application'},
  {id: 'picker.down', contexts: ['picker'], keys: [{special: 'down'}, {input: 'j'}], description: 'Next context', category: 'Application'},
  {id: 'picker.toggle', contexts: ['picker'], keys: [{special: 'space'}], description: 'Mark or unmark a context: the marked ones are shown together in one table', hint: 'mark', category: 'Application'},
  {id: 'picker.choose', contexts: ['picker'], keys: [{special: 'return'}], description: 'Connect to the marked contexts, else to the one under the cursor (the current engines stay until they answer)', hint: 'connect', category: 'Application'},
  {id: 'picker.cancel', contexts: ['picker'], keys: [{special: 'escape'}], description: 'Stay on the current engines', hint: 'cancel', category: 'Application'},
  {id: 'view.back', contexts: ['details', 'help'], keys: [{special: 'escape'}], description: 'Go back', hint: 'back', category: 'Application'},
  {id: 'app.help', contexts: ['global'], keys: [{input: '?'}], description: 'Show or hide this help', hint: 'help', category: 'Application'},
  {id: 'app.quit', contexts: ['global'], keys: [{input: 'q'}], description: 'Quit volscope', hint: 'quit', category: 'Application'},
  {id: 'app.suspend', contexts: ['global', ...TEXT], keys: [{ctrl: 'z'}], description: 'Suspend to the shell (fg comes back)', category: 'Application'},
  {id: 'app.interrupt', contexts: ['global', ...TEXT], keys: [{ctrl: 'c'}], description: 'Quit volscope (from anywhere, even while typing)', category: 'Application'},
] as const satisfies readonly CommandDef[];

export type CommandId = (typeof COMMANDS)[number]['id'];

export const COMMAND_BY_ID: ReadonlyMap<CommandId, CommandDef<CommandId>> = new Map(
  COMMANDS.map((command) => [command.id, command as CommandDef<CommandId>]),
);
