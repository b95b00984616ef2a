import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {type FakeEngine, type FakeEngineMode, startFakeEngine} from '../helpers/fake-engine.js';
import {TmuxSession} from '../helpers/tmux.js';

/**
 * The real binary in a real terminal against the fake engine (test/helpers/fake-engine.ts): a
 * hostile answer must not act on the terminal, and on quit the terminal is the shell's again —
 * main screen, cursor shown, line editing and echo back, the title untouched.
 */
describe('volscope against a hostile engine, in a terminal', () => {
  let engine: FakeEngine;
  let session: TmuxSession | undefined;

  beforeAll(async () => {
    engine = await startFakeEngine();
  });
  afterAll(() => engine.close());
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });

  /** What the shell's terminal looks like after volscope: the modes a full-screen program changes. */
  const terminalAfterQuit = async (s: TmuxSession) => {
    await s.waitFor('EXIT:0', 10_000);
    // The marker is computed, so the command line typed does not match it: only its output does.
    await s.type(`stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo STTY-$((40+2))`);
    await s.keys('Enter');
    const screen = await s.waitFor(/STTY-42/);
    return {
      stty: screen
        .split('\n')
        .map((line) => /^(.*)STTY-42\s*$/.exec(line)?.[1]?.trim())
        .find((found) => found !== undefined),
      alternate: await s.display('#{alternate_on}'),
      cursor: await s.display('#{cursor_flag}'),
      title: await s.display('#{pane_title}'),
      screen,
    };
  };

  const cases: Array<{mode: FakeEngineMode; events: FakeEngine['events']; shows: string | RegExp; what: string}> = [
    {
      mode: 'hostileNames',
      events: 'garbage',
      shows: '\\e[2Jclear',
      what: 'names holding escape sequences and invalid UTF-8, an event stream of garbage',
    },
    {mode: 'malformed', events: 'quiet', shows: /not valid JSON/, what: 'malformed JSON'},
    {
      mode: 'drip',
      events: 'quiet',
      shows: /Listing volumes…[\s\S]*listing… \d+ s/,
      what: 'a list that drips one byte a second (quit while it hangs)',
    },
  ];
  for (const {mode, events, shows, what} of cases) {
    it(`${what}: shown in words, and q gives the terminal back as it was`, async () => {
      engine.mode = mode;
      engine.events = events;
      session = await TmuxSession.startInShell(['--host', engine.url]);
      const screen = await session.waitFor(shows, 15_000);
      expect(screen).not.toMatch(/at .*\.(js|ts):\d+|SyntaxError: |TypeError: /);
      expect(await session.display('#{alternate_on}')).toBe('1');
      await session.keys('?');
      await session.waitFor('Keys in the volume table');
      await session.keys('Escape');
      // q must not wait for the hung list: terminalAfterQuit waits for the shell's prompt to come back.
      await session.keys('q');
      const after = await terminalAfterQuit(session);
      expect(after.alternate).toBe('0');
      expect(after.cursor).toBe('1');
      expect(after.stty).toBe('icanon echo');
      expect(after.title).not.toContain('PWNED');
      // The table was drawn on the alternate screen only: the shell's screen holds none of it.
      expect(after.screen).not.toMatch(/NAME|volumes? shown|Keys in the volume table/);
    }, 40_000);
  }
});
