import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {COMMANDS} from '../../src/keymap/commands.js';
import {CONTEXT_LABEL, formatKey, keyTableMarkdown} from '../../src/keymap/format.js';
import {matchesKey, resolveCommand} from '../../src/keymap/match.js';
import {type CommandDef, type KeyContext, type KeySpec, TEXT_CONTEXTS} from '../../src/keymap/types.js';

const all = COMMANDS as readonly CommandDef[];
/** Every context there is: CONTEXT_LABEL is a Record over KeyContext, so the compiler keeps this list whole. */
const contexts = (Object.keys(CONTEXT_LABEL) as KeyContext[]).filter((c) => c !== 'global');
const specId = (spec: KeySpec) => JSON.stringify(spec);

describe('keymap', () => {
  it('binds no key to two commands in any context (globals included where they apply)', () => {
    for (const context of contexts) {
      const applicable = all.filter(
        (c) => c.contexts.includes(context) || (!TEXT_CONTEXTS.includes(context) && c.contexts.includes('global')),
      );
      const seen = new Map<string, string>();
      for (const command of applicable) {
        for (const spec of command.keys) {
          // A context binding may shadow a global one on purpose only if it is the same command.
          const clash = seen.get(specId(spec));
          expect(clash, `${formatKey(spec)} in ${context}: ${clash} and ${command.id}`).toBeUndefined();
          seen.set(specId(spec), command.id);
        }
      }
    }
  });

  it('checks every context for clashes, and every context has keys', () => {
    expect(contexts).toHaveLength(27);
    for (const context of contexts)
      expect(
        all.some((c) => c.contexts.includes(context)),
        context,
      ).toBe(true);
  });

  it('describes every command and gives it at least one key', () => {
    for (const command of all) {
      expect(command.description.length, command.id).toBeGreaterThan(5);
      expect(command.keys.length, command.id).toBeGreaterThan(0);
    }
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
  });

  it('opens the file browser with Enter, → or l on the table', () => {
    expect(resolveCommand('table', '\r', {return: true})).toBe('table.browse');
    expect(resolveCommand('table', '', {rightArrow: true})).toBe('table.browse');
    expect(resolveCommand('table', 'l', {})).toBe('table.browse');
  });

  it('lets q be a letter in the export prompt, and y/n answer the replace question', () => {
    expect(resolveCommand('export', 'q', {})).toBeUndefined();
    expect(resolveCommand('export', 'c', {ctrl: true})).toBe('app.interrupt');
    expect(resolveCommand('replace', 'y', {})).toBe('replace.yes');
    expect(resolveCommand('replace', '\r', {return: true})).toBe('replace.no');
    expect(resolveCommand('browser', 'q', {})).toBe('app.quit');
    expect(resolveCommand('preview', 'q', {})).toBe('app.quit');
  });

  it('resolves context keys first and global keys where no text is typed', () => {
    expect(resolveCommand('table', 'q', {})).toBe('app.quit');
    expect(resolveCommand('filter', 'q', {})).toBeUndefined();
    expect(resolveCommand('filter', 'c', {ctrl: true})).toBe('app.interrupt');
    expect(resolveCommand('table', '', {escape: true, meta: true})).toBe('filter.clear');
    expect(resolveCommand('details', '', {escape: true})).toBe('view.back');
    expect(resolveCommand('table', 'G', {shift: true} as never)).toBe('nav.bottom');
  });

  it('never lets a printable binding match a control key', () => {
    expect(matchesKey({input: 'c'}, 'c', {ctrl: true})).toBe(false);
    expect(matchesKey({special: 'backspace'}, '', {delete: true})).toBe(true);
  });

  it('keeps the key table of docs/keys.md in sync (npm run docs:keys rewrites it)', () => {
    const readme = readFileSync(new URL('../../docs/keys.md', import.meta.url), 'utf8');
    const start = readme.indexOf('<!-- KEYS:START');
    const end = readme.indexOf('<!-- KEYS:END -->');
    expect(start, 'docs/keys.md has the key table markers').toBeGreaterThanOrEqual(0);
    const table = readme.slice(readme.indexOf('\n', start) + 1, end).trim();
    expect(table).toBe(keyTableMarkdown());
  });
});
