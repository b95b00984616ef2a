import {COMMANDS, type CommandId} from './commands.js';
import {
  type CommandDef,
  type KeyContext,
  type KeyEvent,
  type KeySpec,
  type SpecialKey,
  TEXT_CONTEXTS,
} from './types.js';

const SPECIAL_FLAG: Record<SpecialKey, keyof KeyEvent> = {
  up: 'upArrow',
  down: 'downArrow',
  left: 'leftArrow',
  right: 'rightArrow',
  pageUp: 'pageUp',
  pageDown: 'pageDown',
  home: 'home',
  end: 'end',
  return: 'return',
  escape: 'escape',
  backspace: 'backspace',
  tab: 'tab',
  delete: 'delete',
  // Matched by their own rules in matchesKey, never through this table.
  space: 'tab',
  backtab: 'tab',
};

export function matchesKey(spec: KeySpec, input: string, key: KeyEvent): boolean {
  if ('special' in spec) {
    // Some terminals report Backspace as delete; the Delete key itself wins where it has a binding listed first.
    if (spec.special === 'backspace') return Boolean(key.backspace || key.delete);
    if (spec.special === 'space') return !key.ctrl && input === ' ';
    if (spec.special === 'tab') return Boolean(key.tab && !key.shift);
    if (spec.special === 'backtab') return Boolean(key.tab && key.shift);
    return Boolean(key[SPECIAL_FLAG[spec.special]]);
  }
  if ('ctrl' in spec) return Boolean(key.ctrl) && input === spec.ctrl;
  // Escape may come with meta set; a printable binding never matches a control or escape key.
  return !key.ctrl && !key.escape && input === spec.input;
}

/**
 * The command bound to this key in `context`. Context bindings win over global ones. The text
 * prompts (filter, export path) only see their own bindings: there, `q` is a letter, not quit.
 */
export function resolveCommand(
  context: KeyContext,
  input: string,
  key: KeyEvent,
  readOnly = false,
): CommandId | undefined {
  const contexts = contextsOf(context);
  for (const ctx of contexts) {
    const found = COMMANDS.find(
      (command: CommandDef) =>
        !(readOnly && command.dangerous) &&
        command.contexts.includes(ctx) &&
        command.keys.some((spec) => matchesKey(spec, input, key)),
    );
    if (found) return found.id;
  }
  return undefined;
}

/** Commands reachable in a context, in keymap order (for hints and help); read-only drops the dangerous ones. */
export function commandsIn(context: KeyContext, readOnly = false): CommandDef<CommandId>[] {
  const contexts = contextsOf(context);
  return COMMANDS.filter(
    (command: CommandDef) => !(readOnly && command.dangerous) && command.contexts.some((c) => contexts.includes(c)),
  ) as CommandDef<CommandId>[];
}

function contextsOf(context: KeyContext): readonly KeyContext[] {
  return TEXT_CONTEXTS.includes(context) ? [context] : [context, 'global'];
}
