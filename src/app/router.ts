import type {CommandId} from '../keymap/commands.js';
import {resolveCommand} from '../keymap/match.js';
import type {KeyContext, KeyEvent} from '../keymap/types.js';
import {TEXT_CONTEXTS} from '../keymap/types.js';
import type {Action} from './actions.js';
import {exportContext} from './dialogs/export.js';
import {dialogContext} from './dialogs/index.js';
import type {AppState} from './state.js';

/** The action of each command; `table.backup` carries the time of its keypress (the default file name). */
const ACTIONS: Record<Exclude<CommandId, 'table.backup'>, Action> = {
  'nav.up': {type: 'move', delta: -1},
  'nav.down': {type: 'move', delta: 1},
  'nav.pageUp': {type: 'page', direction: -1},
  'nav.pageDown': {type: 'page', direction: 1},
  'nav.top': {type: 'jump', to: 'top'},
  'nav.bottom': {type: 'jump', to: 'bottom'},
  'table.browse': {type: 'browse'},
  'table.details': {type: 'openDetails'},
  'table.unusedOnly': {type: 'toggleUnused'},
  'table.mounts': {type: 'mountsOpen'},
  'mounts.browse': {type: 'browseMount'},
  'mounts.size': {type: 'measureBind'},
  'mounts.back': {type: 'mountsBack'},
  'app.refresh': {type: 'refresh'},
  'table.mark': {type: 'mark'},
  'table.markAll': {type: 'markAll'},
  'table.clearMarks': {type: 'clearMarks'},
  'table.remove': {type: 'removeAsk'},
  'table.prune': {type: 'pruneAsk'},
  'table.create': {type: 'createAsk'},
  'dialog.focus': {type: 'dialogFocus'},
  'remove.tab': {type: 'dialogFocus'},
  'prune.scope': {type: 'pruneScope'},
  'dialog.press': {type: 'dialogPress'},
  'remove.cancel': {type: 'dialogCancel'},
  'pruneAll.accept': {type: 'dialogSubmit'},
  'pruneAll.up': {type: 'dialogScroll', delta: -1},
  'pruneAll.down': {type: 'dialogScroll', delta: 1},
  'form.next': {type: 'dialogField', delta: 1},
  'form.previous': {type: 'dialogField', delta: -1},
  'create.submit': {type: 'dialogSubmit'},
  'create.cancel': {type: 'dialogCancel'},
  'working.cancel': {type: 'dialogCancel'},
  'result.close': {type: 'dialogCancel'},
  'backup.start': {type: 'dialogSubmit'},
  'backup.stopToggle': {type: 'dialogToggle'},
  'backup.recentPrevious': {type: 'recentTarget', delta: -1},
  'backup.recentNext': {type: 'recentTarget', delta: 1},
  'backup.cancel': {type: 'dialogCancel'},
  'table.clone': {type: 'cloneAsk'},
  'clone.start': {type: 'dialogSubmit'},
  'clone.labelsToggle': {type: 'dialogToggle'},
  'clone.cancel': {type: 'dialogCancel'},
  'table.restore': {type: 'restoreAsk'},
  'restore.start': {type: 'dialogSubmit'},
  'restore.cancel': {type: 'dialogCancel'},
  'restoreFiles.start': {type: 'dialogSubmit'},
  'browser.copyIn': {type: 'copyInAsk'},
  'browser.edit': {type: 'editAsk'},
  'copyIn.accept': {type: 'dialogSubmit'},
  'copyIn.complete': {type: 'copyInComplete'},
  'copyIn.cancel': {type: 'dialogCancel'},
  'copyInConfirm.start': {type: 'dialogSubmit'},
  'copyInConfirm.back': {type: 'dialogCancel'},
  'editSave.write': {type: 'editSave', mode: 'write'},
  'editSave.backup': {type: 'editSave', mode: 'backup'},
  'editSave.discard': {type: 'editSave', mode: 'discard'},
  'restoreFiles.stopToggle': {type: 'dialogToggle'},
  'restoreFiles.cancel': {type: 'dialogCancel'},
  'retry.overwrite': {type: 'jobRetry', change: 'overwrite'},
  'retry.skip': {type: 'jobRetry', change: 'skip'},
  'retry.stop': {type: 'jobRetry', change: 'stop'},
  'browser.mark': {type: 'browserMark'},
  'table.openArchive': {type: 'openArchiveAsk'},
  'openArchive.open': {type: 'dialogSubmit'},
  'openArchive.recentPrevious': {type: 'recentTarget', delta: -1},
  'openArchive.recentNext': {type: 'recentTarget', delta: 1},
  'openArchive.cancel': {type: 'dialogCancel'},
  'browser.restoreFiles': {type: 'restoreFilesAsk'},
  'table.empty': {type: 'emptyAsk'},
  'empty.start': {type: 'dialogSubmit'},
  'empty.stopToggle': {type: 'dialogToggle'},
  'empty.cancel': {type: 'dialogCancel'},
  'table.rename': {type: 'renameAsk'},
  'rename.start': {type: 'dialogSubmit'},
  'rename.cancel': {type: 'dialogCancel'},
  'browser.open': {type: 'open'},
  'browser.up': {type: 'up'},
  'browser.back': {type: 'browserBack'},
  'browser.usage': {type: 'usageStart'},
  'browser.export': {type: 'exportOpen'},
  'browser.reload': {type: 'reload'},
  'preview.close': {type: 'previewClose'},
  'export.accept': {type: 'exportAccept'},
  'export.cancel': {type: 'exportCancel'},
  'replace.yes': {type: 'replaceYes'},
  'replace.no': {type: 'replaceNo'},
  'sort.name': {type: 'sort', key: 'name'},
  'sort.size': {type: 'sort', key: 'size'},
  'sort.age': {type: 'sort', key: 'age'},
  'sort.containers': {type: 'sort', key: 'containers'},
  'sort.engine': {type: 'sort', key: 'engine'},
  'sort.growth': {type: 'sort', key: 'growth'},
  'table.growthWindow': {type: 'growthWindow'},
  'filter.open': {type: 'filterOpen'},
  'filter.clear': {type: 'filterClear'},
  'filter.accept': {type: 'filterAccept'},
  'filter.cancel': {type: 'filterCancel'},
  'edit.erase': {type: 'edit', op: {op: 'erase'}},
  'edit.eraseForward': {type: 'edit', op: {op: 'eraseForward'}},
  'edit.clear': {type: 'edit', op: {op: 'clear'}},
  'edit.left': {type: 'edit', op: {op: 'left'}},
  'edit.right': {type: 'edit', op: {op: 'right'}},
  'edit.home': {type: 'edit', op: {op: 'home'}},
  'edit.end': {type: 'edit', op: {op: 'end'}},
  'table.engine': {type: 'pickerOpen'},
  'picker.up': {type: 'pickerMove', delta: -1},
  'picker.down': {type: 'pickerMove', delta: 1},
  'picker.toggle': {type: 'pickerToggle'},
  'dialog.engine': {type: 'dialogEngine'},
  'picker.choose': {type: 'pickerChoose'},
  'picker.cancel': {type: 'pickerCancel'},
  'view.back': {type: 'back'},
  'app.help': {type: 'toggleHelp'},
  'app.quit': {type: 'quit'},
  'app.suspend': {type: 'suspend'},
  'table.copyName': {type: 'copyName'},
  'app.interrupt': {type: 'quit'},
};

/** The overlay on top gets the key first: help, the picker, a dialog, the export question, the filter, then the view. */
export function activeContext(state: AppState): KeyContext {
  if (state.helpFor) return 'help';
  if (state.picker) return 'picker';
  if (state.dialog) return dialogContext(state.dialog);
  const b = state.view === 'browser' ? state.browser : undefined;
  if (b) {
    const exporting = exportContext(b);
    if (exporting) return exporting;
    if (b.filterEditing) return 'filter';
    return b.preview ? 'preview' : 'browser';
  }
  if (state.view === 'mounts') return state.mounts?.filterEditing ? 'filter' : 'mounts';
  if (state.filterEditing) return 'filter';
  return state.view === 'browser' ? 'table' : state.view;
}

// Printable text only: a pasted control sequence must not land in a text field.
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/;

export function keyToAction(state: AppState, input: string, key: KeyEvent, nowMs: number): Action | undefined {
  const context = activeContext(state);
  const command = resolveCommand(context, input, key, state.readOnly);
  if (command === 'table.backup') return {type: 'backupAsk', nowMs};
  if (command) return ACTIONS[command];
  if (key.ctrl || key.escape || !PRINTABLE.test(input)) return undefined;
  return TEXT_CONTEXTS.includes(context) ? {type: 'edit', op: {op: 'insert', text: input}} : undefined;
}
