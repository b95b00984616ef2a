import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  startUser,
} from '../helpers/engines.js';
import {startCounter} from '../helpers/request-counter.js';
import {TmuxSession} from '../helpers/tmux.js';

describeEachEngine('volscope in a terminal', (engine) => {
  const label = ['--label', `${TEST_LABEL}=1`];
  const prefix = uniqueName('e2e');
  const sized = `${prefix}-sized`;
  const other = `${prefix}-other`;
  const evil = `${prefix}-evil`;
  const runner = `${prefix}-runner`;
  let session: TmuxSession | undefined;

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', ...label, sized);
    await docker(engine, 'volume', 'create', ...label, other);
    await docker(engine, 'volume', 'create', ...label, '--label', `title=\u001b]2;PWNED\u0007`, evil);
    await docker(engine, 'run', '--rm', '-v', `${sized}:/d`, TEST_IMAGE, 'sh', '-c', 'head -c 250000 /dev/zero > /d/f');
    await startUser(engine, [`${sized}:/data`], {name: runner});
  });
  afterEach(async () => {
    await session?.kill();
    session = undefined;
  });
  afterAll(() => cleanEngine(engine));

  const open = async () => {
    session = await TmuxSession.start(['--host', engine.url]);
    await session.filterTo(prefix);
    await session.waitFor((s) => s.includes(sized) && s.includes('250 kB'), 15_000);
    return session;
  };

  it('shows volumes with sizes and attached containers', async () => {
    const s = await open();
    // The size history opens after the first frame: its GROWTH column comes once it has answered.
    const screen = await s.waitFor((text) => text.includes('GROWTH') && text.includes(`●${runner}`), 15_000);
    // GROWTH sits between SIZE and CONTAINERS: unknown, none or a change, depending on the history so far.
    expect(screen).toMatch(new RegExp(`${sized}\\s+local\\s+250 kB\\s+(?:…|0 B|[▲▼] [\\d.]+ \\S+)\\s+●${runner}`));
    expect(screen).toMatch(/\d+ volumes? · \d+ unused/);
    // The address ends the status line and is what a narrow terminal cuts.
    expect(screen).toContain(`● live ${engine.url.slice(0, 12)}`);
    expect(await s.display('#{alternate_on}')).toBe('1');
  });

  it("shows a volume created from outside without a keypress (how soon: the bench's event figures)", async () => {
    const s = await open();
    const name = `${prefix}-live`;
    await docker(engine, 'volume', 'create', ...label, name);
    await s.waitFor(name, 10_000);
  });

  it('narrows the table as a filter is typed', async () => {
    const s = await open();
    await s.keys('/', 'C-u');
    await s.type(`${prefix}-oth`);
    const screen = await s.waitFor((text) => text.includes(`/${prefix}-oth`) && !text.includes(sized));
    expect(screen).toContain(other);
    expect(screen).toContain('1 of');
  });

  it('starts from one list of volumes and one of containers, asked before anything else loads', async () => {
    const proxy = `/tmp/volscope-e2e-first-${process.pid}-${engine.name}.sock`;
    const counter = await startCounter(proxy, engine.url.replace('unix://', ''));
    try {
      session = await TmuxSession.start(['--host', `unix://${proxy}`]);
      // Until the sizes are on screen: the first frame, the engine session, the first size scan.
      await session.waitFor((s) => /\d+ volumes/.test(s) && /sizes at \d/.test(s), 15_000);
      const asked = counter.requests.map((r) => r.path);
      // The first frame's lists are the store's: the session asks for neither again.
      expect(asked.filter((path) => path === '/volumes')).toHaveLength(1);
      expect(asked.filter((path) => path === '/containers/json?all=true')).toHaveLength(1);
      // They go out first, before dockerode has loaded for the ping; the event stream then replays
      // from when they were asked, so nothing that changed in between is missed.
      expect(asked.slice(0, 2).sort()).toEqual(['/containers/json?all=true', '/volumes']);
      expect(asked.find((path) => path.startsWith('/events'))).toMatch(/[?&]since=\d+(\.\d+)?&/);
    } finally {
      await counter.close();
    }
  });

  it('keeps every key typed while it starts and applies them in order', async () => {
    // Typed as soon as the pane exists (before Node has even loaded): a filter, Enter, two moves down.
    session = await TmuxSession.start(['--host', engine.url]);
    await session.type(`/${prefix}`);
    await session.keys('Enter');
    await session.type('jj');
    // The filter took (its rows, by name: -evil, -other, -sized, and -live once an earlier test made it)…
    const screen = await session.waitFor((text) => text.includes(sized) && / \d+ of [\d,]+ shown/.test(text), 15_000);
    const names = screen
      .split('\n')
      .map((line) => line.split(/\s+/)[0] ?? '')
      .filter((name) => name.startsWith(`${prefix}-`));
    expect(names.length).toBeGreaterThanOrEqual(3);
    // …then j j moved to the third: its details open on i.
    await session.type('i');
    await session.waitFor(`Volume ${names[2]}`);
    await session.type('q');
    await session.waitFor('EXIT:0');
  });

  it('never lets an escape sequence in a label reach the terminal', async () => {
    const s = await open();
    const title = await s.display('#{pane_title}');
    await s.filterTo(`${prefix}-evil`);
    await s.type('i');
    const screen = await s.waitFor(`Volume ${evil}`);
    expect(screen).toContain('\\e]2;PWNED\\x07');
    expect(await s.display('#{pane_title}')).toBe(title);
  });

  it('quits on q with exit code 0 and restores the screen', async () => {
    const s = await open();
    await s.type('q');
    const screen = await s.waitFor('EXIT:0');
    expect(screen).toContain('BEFORE-VOLSCOPE');
    expect(screen).not.toContain(sized);
    expect(await s.display('#{alternate_on}')).toBe('0');
  });

  it('restores the terminal on SIGTERM and SIGHUP', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const s = await open();
      process.kill(await s.volscopePid(), signal);
      const screen = await s.waitFor(`EXIT:${code}`);
      expect(screen).toContain('BEFORE-VOLSCOPE');
      expect(await s.display('#{alternate_on}')).toBe('0');
      await s.kill();
    }
  });
});
