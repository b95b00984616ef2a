import {COMMANDS} from './commands.js';
import {commandsIn} from './match.js';
import type {Category, CommandDef, KeyContext, KeySpec, SpecialKey} from './types.js';

const UNICODE: Record<SpecialKey, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  home: 'Home',
  end: 'End',
  return: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  tab: 'Tab',
  delete: 'Delete',
  space: 'Space',
  backtab: 'Shift+Tab',
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

export const CATEGORY_ORDER: readonly Category[] = [
  'Navigation',
  'Volumes',
  'Clean-up',
  'Backup',
  'Files',
  'View',
  'Filter',
  'Editing',
  'Application',
];

export const CONTEXT_LABEL: Record<KeyContext, string> = {
  global: 'everywhere',
  table: 'volume table',
  details: 'details',
  browser: 'file browser',
  mounts: 'mounts view (binds, tmpfs)',
  preview: 'file preview',
  help: 'help',
  filter: 'filter prompt',
  picker: 'engine picker',
  export: 'export prompt',
  copyIn: 'copy-in prompt',
  copyInConfirm: 'copy-in preview',
  editSave: 'after an edit',
  replace: 'replace question',
  remove: 'remove dialog',
  prune: 'prune preview',
  pruneAll: 'prune preview (all unused, typed)',
  create: 'new volume form',
  backup: 'backup prompt',
  clone: 'clone prompt',
  restore: 'restore form',
  restoreFiles: "restore of a backup's files",
  openArchive: 'open-a-backup prompt',
  empty: 'empty confirmation',
  rename: 'rename prompt',
  working: 'work under way',
  result: 'result',
  retry: 'result that offers a choice',
};

/** The key table of docs/keys.md; `npm run docs:keys` writes it, a unit test keeps it in sync. */
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

export interface HelpLine {
  readonly key: string;
  readonly text: string;
  readonly heading?: boolean;
}

/**
 * The help overlay's lines for a context, by category. Ctrl+C quits like q: one line for both
 * where both work. The reducer counts them to bound the help's scroll.
 */
export function helpLines(context: KeyContext, readOnly: boolean, ascii = false): HelpLine[] {
  const all = commandsIn(context, readOnly);
  const interrupt = all.find((c) => c.id === 'app.interrupt');
  const merged = all.some((c) => c.id === 'app.quit') && interrupt;
  const available = merged
    ? all
        .filter((c) => c.id !== 'app.interrupt')
        .map((c) => (c.id === 'app.quit' ? {...c, keys: [...c.keys, ...interrupt.keys]} : c))
    : all;
  const keyWidth = Math.min(18, Math.max(...available.map((command) => formatKeys(command, ascii).length)));
  const lines: HelpLine[] = [];
  for (const category of CATEGORY_ORDER) {
    const inCategory = available.filter((c) => c.category === category);
    if (inCategory.length === 0) continue;
    lines.push({key: category, text: category, heading: true});
    for (const command of inCategory)
      lines.push({key: command.id, text: `  ${formatKeys(command, ascii).padEnd(keyWidth)} ${command.description}`});
  }
  return lines;
}

/** Columns of at least this width side by side, so that descriptions stay readable. */
export const HELP_COLUMN_MIN = 60;
export const HELP_GAP = 2;

export function helpColumns(width: number): number {
  return Math.max(1, Math.floor((width + HELP_GAP) / (HELP_COLUMN_MIN + HELP_GAP)));
}
