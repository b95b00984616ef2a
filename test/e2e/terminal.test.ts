import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {BIN} from '../helpers/cli.js';
import {TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName, until} from '../helpers/engines.js';
import {TmuxSession} from '../helpers/tmux.js';

describeEachEngine('volscope and the terminal around it', (engine) => {
  // Sorts first, so it is the selected row at start.
  const name = `000-${uniqueName('term')}`;
  let session: TmuxSession | undefined;

  beforeAll(async () => {
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
  });
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  it('Ctrl+Z gives the shell back, and fg brings the same screen back', async () => {
    session = await TmuxSession.startInShell(['--host', engine.url]);
    await session.waitFor((s) => s.includes(name) && s.includes('● live'), 15_000);
    await session.keys('j');
    await session.keys('C-z');
    const shell = await session.waitFor(/Stopped/);
    expect(shell).not.toContain('● live');
    await session.type('fg');
    await session.keys('Enter');
    const back = await session.waitFor((s) => s.includes(name) && s.includes('● live') && !s.includes('Stopped'));
    expect(back).toMatch(/\d+ volumes?\b/);
    // Keys work again: q quits with 0 (bash finished the command line at the stop, so ask $?).
    await session.keys('q');
    await session.waitFor((s) => /SHELL\$ *'? *$/.test(s.trimEnd()));
    await session.type('echo "CODE:$?"');
    await session.keys('Enter');
    await session.waitFor('CODE:0');
  }, 40_000);

  it('y puts the selected name on the clipboard through OSC 52 (here: tmux)', async () => {
    session = await TmuxSession.start(['--host', engine.url]);
    await session.tmux('set', '-g', 'set-clipboard', 'on');
    await session.waitFor((s) => s.includes(name) && s.includes('● live'), 15_000);
    await session.keys('g', 'y');
    await session.waitFor(`Copied ${name}`);
    expect((await session.tmux('show-buffer')).trim()).toBe(name);
  }, 30_000);

  for (const [where, unset] of [
    ['plain screen', '-u TMUX'],
    ['screen started inside tmux (STY and TMUX both set)', ''],
  ] as const) {
    it(`y through GNU screen (${where}): the OSC 52 reaches the terminal outside`, async () => {
      // screen runs volscope, tmux plays the terminal outside it.
      const command = `env ${unset} LANG=C.UTF-8 screen -q sh -c "'${process.execPath}' '${BIN}' --host ${engine.url}; echo EXIT:\\$?; sleep 600"`;
      session = await TmuxSession.startCommand(command, {columns: 100, rows: 30});
      await session.tmux('set', '-g', 'set-clipboard', 'on');
      await session.waitFor((s) => s.includes(name) && s.includes('● live'), 15_000);
      await session.keys('g', 'y');
      await session.waitFor(`Copied ${name}`);
      await until(
        async () => (await session!.tmux('show-buffer').catch(() => '')).trim() === name,
        5000,
        'the name in the outer clipboard',
      );
      await session.keys('q');
      await session.waitFor('EXIT:0');
    }, 30_000);
  }

  it('works at 60x15 with an unknown TERM and LANG=C: ASCII, no crash, q quits', async () => {
    session = await TmuxSession.start(['--host', engine.url], {
      columns: 60,
      rows: 15,
      env: {TERM: 'vt-unknown-9000', LANG: 'C', LC_ALL: 'C'},
    });
    // The status line is cut at 60 columns, before the connection state: the figures come first.
    // The name is cut to the column too.
    const screen = await session.waitFor((s) => s.includes(name.slice(0, 16)) && /\d+ volumes?\b/.test(s), 15_000);
    expect(screen).toMatch(/NAME\^/);
    // ASCII glyphs only: the locale is not UTF-8.
    expect(screen).not.toMatch(/[●✕│─…]/);
    // Text that Ink itself cuts (help lines, picker rows) carries the ASCII mark too.
    await session.keys('?');
    const help = await session.waitFor('Keys in the volume table');
    expect(help).toContain('...');
    expect(help).not.toMatch(/[^\x00-\x7f]/);
    await session.keys('Escape');
    await session.keys('e');
    const picker = await session.waitFor('Engines: docker contexts');
    expect(picker).not.toMatch(/[^\x00-\x7f]/);
    await session.keys('Escape');
    await session.keys('q');
    await session.waitFor('EXIT:0');
  }, 30_000);
});
