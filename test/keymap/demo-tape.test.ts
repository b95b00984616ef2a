import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {reducer} from '../../src/app/reducer.js';
import {activeContext} from '../../src/app/router.js';
import {initialState} from '../../src/app/state.js';
import {resolveCommand} from '../../src/keymap/match.js';
import {parseKeys} from '../../src/keymap/parse.js';
import {container, usage, volume} from '../helpers/fixtures.js';
import {oneEngine, snapshot} from '../helpers/snapshot.js';

const TAPE_KEYS: Record<string, string> = {
  Enter: '\r',
  Escape: '\u001b',
  Down: '\u001b[B',
  Up: '\u001b[A',
  Backspace: '\u007f',
};

/** The visible part of demo.tape as the bytes a terminal would send. */
function visibleKeys(tape: string): string[] {
  const keys: string[] = [];
  let hidden = false;
  let launched = false;
  let launching = false;
  for (const line of tape.split('\n')) {
    const [command, ...rest] = line.trim().split(' ');
    if (command === 'Hide') hidden = true;
    if (command === 'Show') hidden = false;
    if (hidden) continue;
    if (command === 'Type') {
      const text = JSON.parse(rest.join(' ')) as string;
      if (text.includes('volscope')) launching = true;
      else if (launched) keys.push(text);
    } else if (command === 'Enter' && launching) {
      // This Enter is the shell's: it starts volscope.
      launching = false;
      launched = true;
    } else if (command && command in TAPE_KEYS && launched) {
      keys.push(TAPE_KEYS[command]!);
    }
  }
  return keys;
}

describe('demo.tape', () => {
  const tape = readFileSync(new URL('../../demo.tape', import.meta.url), 'utf8');

  it('only presses keys the keymap knows, in the context they are pressed in, and ends by quitting', () => {
    let state = reducer(oneEngine(initialState), {
      type: 'data',
      engine: 'local',
      snapshot: snapshot(
        [volume('shop_db-data'), volume('old-backups')],
        [container('shop-db', 'running', [['shop_db-data', '/d']])],
        usage({'shop_db-data': 5e7, 'old-backups': 0}),
      ),
    });
    const keys = visibleKeys(tape);
    expect(keys.length).toBeGreaterThan(8);
    for (const data of keys) {
      for (const {input, key} of parseKeys(data)) {
        const context = activeContext(state);
        if (context !== 'filter')
          expect(
            resolveCommand(context, input, key),
            `${JSON.stringify(data)} ${JSON.stringify(key)} in ${context}`,
          ).toBeDefined();
        state = reducer(state, {type: 'key', input, key, nowMs: 0});
      }
    }
    expect(state.quitRequested).toBe(true);
  });

  it('shows the table, a filter, a sort, the details, the file browser and the help', () => {
    const keys = visibleKeys(tape).join('');
    for (const key of ['/', 'S', 'i', 'U', '?', 'q']) expect(keys).toContain(key);
  });
});
