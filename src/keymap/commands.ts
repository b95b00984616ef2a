import type {CommandDef} from './types.js';

const NAV = ['table', 'details'] as const;

/**
 * Every key volscope answers to. The help overlay, the status-bar hints and the README key table
 * are generated from this list, so a binding added here is documented everywhere at once.
 * Enter on the table is deliberately unbound: it will open the file browser.
 */
export const COMMANDS = [
  {id: 'nav.up', contexts: NAV, keys: [{special: 'up'}, {input: 'k'}], description: 'Move up one row', category: 'Navigation'},
  {id: 'nav.down', contexts: NAV, keys: [{special: 'down'}, {input: 'j'}], description: 'Move down one row', category: 'Navigation'},
  {id: 'nav.pageUp', contexts: NAV, keys: [{special: 'pageUp'}, {ctrl: 'b'}], description: 'Move up one page', category: 'Navigation'},
  {id: 'nav.pageDown', contexts: NAV, keys: [{special: 'pageDown'}, {ctrl: 'f'}], description: 'Move down one page', category: 'Navigation'},
  {id: 'nav.top', contexts: NAV, keys: [{input: 'g'}, {special: 'home'}], description: 'Go to the first row', category: 'Navigation'},
  {id: 'nav.bottom', contexts: NAV, keys: [{input: 'G'}, {special: 'end'}], description: 'Go to the last row', category: 'Navigation'},

  {id: 'table.details', contexts: ['table'], keys: [{input: 'i'}], description: 'Show all details of the selected volume', hint: 'details', category: 'Volumes'},
  {id: 'table.unusedOnly', contexts: ['table'], keys: [{input: 'u'}], description: 'Show only unused volumes (toggle)', hint: 'unused', category: 'Volumes'},
  {id: 'app.refresh', contexts: ['table', 'details'], keys: [{input: 'r'}], description: 'Refresh now, sizes included', hint: 'refresh', category: 'Volumes'},

  {id: 'sort.name', contexts: ['table'], keys: [{input: 'N'}], description: 'Sort by name (again: reverse)', category: 'View'},
  {id: 'sort.size', contexts: ['table'], keys: [{input: 'S'}], description: 'Sort by size (again: reverse)', hint: 'sort', category: 'View'},
  {id: 'sort.age', contexts: ['table'], keys: [{input: 'A'}], description: 'Sort by age (again: reverse)', category: 'View'},
  {id: 'sort.containers', contexts: ['table'], keys: [{input: 'C'}], description: 'Sort by number of containers (again: reverse)', category: 'View'},

  {id: 'filter.open', contexts: ['table'], keys: [{input: '/'}], description: 'Filter by name, label or container name', hint: 'filter', category: 'Filter'},
  {id: 'filter.clear', contexts: ['table'], keys: [{special: 'escape'}], description: 'Clear the filter', category: 'Filter'},
  {id: 'filter.accept', contexts: ['filter'], keys: [{special: 'return'}], description: 'Keep the filter and return to the table', hint: 'keep', category: 'Filter'},
  {id: 'filter.cancel', contexts: ['filter'], keys: [{special: 'escape'}], description: 'Clear the filter and return to the table', hint: 'clear', category: 'Filter'},
  {id: 'filter.erase', contexts: ['filter'], keys: [{special: 'backspace'}], description: 'Delete the last character', category: 'Filter'},
  {id: 'filter.eraseAll', contexts: ['filter'], keys: [{ctrl: 'u'}], description: 'Delete the whole filter text', category: 'Filter'},

  {id: 'view.back', contexts: ['details', 'help'], keys: [{special: 'escape'}], description: 'Go back', hint: 'back', category: 'Application'},
  {id: 'app.help', contexts: ['global'], keys: [{input: '?'}], description: 'Show or hide this help', hint: 'help', category: 'Application'},
  {id: 'app.quit', contexts: ['global'], keys: [{input: 'q'}], description: 'Quit volscope', hint: 'quit', category: 'Application'},
  {id: 'app.interrupt', contexts: ['global', 'filter'], keys: [{ctrl: 'c'}], description: 'Quit volscope (from anywhere, even while typing)', category: 'Application'},
] as const satisfies readonly CommandDef[];

export type CommandId = (typeof COMMANDS)[number]['id'];

export const COMMAND_BY_ID: ReadonlyMap<CommandId, CommandDef<CommandId>> = new Map(
  COMMANDS.map((command) => [command.id, command as CommandDef<CommandId>]),
);
