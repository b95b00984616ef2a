import type {CommandId} from '../keymap/commands.js';
import {resolveCommand} from '../keymap/match.js';
import type {KeyContext, KeyEvent} from '../keymap/types.js';
import type {Action} from './actions.js';
import type {AppState} from './state.js';

const ACTIONS: Record<CommandId, Action> = {
  'nav.up': {type: 'move', delta: -1},
  'nav.down': {type: 'move', delta: 1},
  'nav.pageUp': {type: 'page', direction: -1},
  'nav.pageDown': {type: 'page', direction: 1},
  'nav.top': {type: 'jump', to: 'top'},
  'nav.bottom': {type: 'jump', to: 'bottom'},
  'table.browse': {type: 'browse'},
  'table.details': {type: 'openDetails'},
  'table.unusedOnly': {type: 'toggleUnused'},
  'app.refresh': {type: 'refresh'},
  'table.mark': {type: 'mark'},
  'table.markAll': {type: 'markAll'},
  'table.clearMarks': {type: 'clearMarks'},
  'table.remove': {type: 'removeAsk'},
  'table.prune': {type: 'pruneAsk'},
  'table.create': {type: 'createAsk'},
  'dialog.focus': {type: 'dialogFocus'},
  'dialog.tab': {type: 'dialogTab'},
  'dialog.confirm': {type: 'dialogConfirm'},
  'dialog.cancel': {type: 'dialogCancel'},
  'typed.accept': {type: 'typedAccept'},
  'typed.erase': {type: 'typedErase'},
  'typed.up': {type: 'dialogScroll', delta: -1},
  'typed.down': {type: 'dialogScroll', delta: 1},
  'form.next': {type: 'formField', delta: 1},
  'form.previous': {type: 'formField', delta: -1},
  'form.submit': {type: 'formSubmit'},
  'form.cancel': {type: 'dialogCancel'},
  'form.erase': {type: 'formErase', all: false},
  'form.eraseAll': {type: 'formErase', all: true},
  'table.backup': {type: 'backupAsk', nowMs: 0},
  'table.clone': {type: 'cloneAsk'},
  'table.restore': {type: 'restoreAsk'},
  'path.toggle': {type: 'pathToggle'},
  'path.accept': {type: 'pathAccept'},
  'path.cancel': {type: 'dialogCancel'},
  'path.erase': {type: 'pathErase', all: false},
  'path.eraseAll': {type: 'pathErase', all: true},
  'browser.open': {type: 'open'},
  'browser.up': {type: 'up'},
  'browser.back': {type: 'browserBack'},
  'browser.usage': {type: 'usageStart'},
  'browser.export': {type: 'exportOpen'},
  'browser.reload': {type: 'reload'},
  'preview.close': {type: 'previewClose'},
  'prompt.accept': {type: 'promptAccept'},
  'prompt.cancel': {type: 'promptCancel'},
  'prompt.erase': {type: 'promptErase', all: false},
  'prompt.eraseAll': {type: 'promptErase', all: true},
  'confirm.yes': {type: 'confirmYes'},
  'confirm.no': {type: 'confirmNo'},
  'sort.name': {type: 'sort', key: 'name'},
  'sort.size': {type: 'sort', key: 'size'},
  'sort.age': {type: 'sort', key: 'age'},
  'sort.containers': {type: 'sort', key: 'containers'},
  'filter.open': {type: 'filterOpen'},
  'filter.clear': {type: 'filterClear'},
  'filter.accept': {type: 'filterAccept'},
  'filter.cancel': {type: 'filterCancel'},
  'filter.erase': {type: 'filterErase', all: false},
  'filter.eraseAll': {type: 'filterErase', all: true},
  'table.engine': {type: 'pickerOpen'},
  'picker.up': {type: 'pickerMove', delta: -1},
  'picker.down': {type: 'pickerMove', delta: 1},
  'picker.choose': {type: 'pickerChoose'},
  'picker.cancel': {type: 'pickerCancel'},
  'view.back': {type: 'back'},
  'app.help': {type: 'toggleHelp'},
  'app.quit': {type: 'quit'},
  'app.suspend': {type: 'suspend'},
  'table.copyName': {type: 'copyName'},
  'app.interrupt': {type: 'quit'},
};

/** The overlay on top gets the key first: help, then prompts, then the view. */
export function activeContext(state: AppState): KeyContext {
  if (state.help) return 'help';
  if (state.picker) return 'picker';
  const dialog = state.dialog;
  if (dialog) {
    if (dialog.kind === 'create' || dialog.kind === 'restorePrompt') return 'form';
    if (dialog.kind === 'backupPrompt' || dialog.kind === 'clonePrompt') return 'path';
    return dialog.kind === 'prune' && dialog.scope === 'all' ? 'typed' : 'dialog';
  }
  const b = state.view === 'browser' ? state.browser : undefined;
  if (b) {
    if (b.prompt) return b.prompt.confirmReplace ? 'confirm' : 'prompt';
    if (b.filterEditing) return 'filter';
    return b.preview ? 'preview' : 'browser';
  }
  if (state.filterEditing) return 'filter';
  return state.view === 'browser' ? 'table' : state.view;
}

// Printable text only: a pasted control sequence must not land in the filter.
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/;

export function keyToAction(state: AppState, input: string, key: KeyEvent): Action | undefined {
  const context = activeContext(state);
  const command = resolveCommand(context, input, key, state.readOnly);
  // The backup's default file name carries the time of the keypress.
  if (command === 'table.backup') return {type: 'backupAsk', nowMs: Date.now()};
  if (command) return ACTIONS[command];
  if (key.ctrl || key.escape || !PRINTABLE.test(input)) return undefined;
  if (context === 'filter') return {type: 'filterType', text: input};
  if (context === 'prompt') return {type: 'promptType', text: input};
  if (context === 'typed') return {type: 'typedType', text: input};
  if (context === 'form') return {type: 'formType', text: input};
  if (context === 'path') return {type: 'pathType', text: input};
  return undefined;
}
