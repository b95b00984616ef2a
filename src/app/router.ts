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
  'table.details': {type: 'openDetails'},
  'table.unusedOnly': {type: 'toggleUnused'},
  'app.refresh': {type: 'refresh'},
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
  'view.back': {type: 'back'},
  'app.help': {type: 'toggleHelp'},
  'app.quit': {type: 'quit'},
  'app.interrupt': {type: 'quit'},
};

/** The overlay on top gets the key first: help, then the filter prompt, then the view. */
export function activeContext(state: AppState): KeyContext {
  if (state.help) return 'help';
  if (state.filterEditing) return 'filter';
  return state.view;
}

// Printable text only: a pasted control sequence must not land in the filter.
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/;

export function keyToAction(state: AppState, input: string, key: KeyEvent): Action | undefined {
  const context = activeContext(state);
  const command = resolveCommand(context, input, key);
  if (command) return ACTIONS[command];
  if (context === 'filter' && !key.ctrl && !key.escape && PRINTABLE.test(input)) return {type: 'filterType', text: input};
  return undefined;
}
