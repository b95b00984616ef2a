import {COMMANDS} from './commands.js';
import type {Category, CommandDef, KeyContext, KeySpec, SpecialKey} from './types.js';

const UNICODE: Record<SpecialKey, string> = {
  up: '↑', down: '↓', left: '←', right: '→', pageUp: 'PgUp', pageDown: 'PgDn', home: 'Home', end: 'End',
  return: 'Enter', escape: 'Esc', backspace: 'Backspace', tab: 'Tab', delete: 'Delete', space: 'Space', backtab: 'Shift+Tab',
};
const ASCII: Record<SpecialKey, string> = {...UNICODE, up: 'Up', down: 'Down', left: 'Left', right: 'Right'};

export function formatKey(spec: KeySpec, ascii = false): string {
  if ('special' in spec) return (ascii ? ASCII : UNICODE)[spec.special];
  if ('ctrl' in spec) return `Ctrl+${spec.ctrl.toUpperCase()}`;
  return spec.input;
}

export function formatKeys(command: CommandDef, ascii = false): string {
  return command.keys.map((spec) => formatKey(spec, ascii)).join(' / ');
}

export const CATEGORY_ORDER: readonly Category[] = ['Navigation', 'Volumes', 'Clean-up', 'Backup', 'Files', 'View', 'Filter', 'Editing', 'Application'];

export const CONTEXT_LABEL: Record<KeyContext, string> = {
  global: 'everywhere',
  table: 'volume table',
  details: 'details',
  browser: 'file browser',
  preview: 'file preview',
  help: 'help',
  filter: 'filter prompt',
  picker: 'engine picker',
  export: 'export prompt',
  replace: 'replace question',
  remove: 'remove dialog',
  prune: 'prune preview',
  pruneAll: 'prune preview (all unused, typed)',
  create: 'new volume form',
  backup: 'backup prompt',
  clone: 'clone prompt',
  restore: 'restore form',
  working: 'work under way',
  result: 'result',
};

/** The README key table; `npm run docs:keys` writes it, a unit test keeps it in sync. */
export function keyTableMarkdown(): string {
  const lines = ['| Keys | Where | What it does |', '|---|---|---|'];
  for (const category of CATEGORY_ORDER) {
    for (const command of COMMANDS.filter((c: CommandDef) => c.category === category) as CommandDef[]) {
      const keys = command.keys.map((spec) => `\`${formatKey(spec).replace('|', '\\|')}\``).join(' / ');
      const where = command.contexts.map((c) => CONTEXT_LABEL[c]).join(', ');
      lines.push(`| ${keys} | ${where} | ${command.description} |`);
    }
  }
  return lines.join('\n');
}
