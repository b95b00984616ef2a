import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DockerodeGateway} from '../../src/docker/dockerode-gateway.js';
import {parseEngineUrl} from '../../src/docker/endpoint.js';
import {LiveStore} from '../../src/docker/live-store.js';
import {type FakeEngine, startFakeEngine} from '../helpers/fake-engine.js';
import {type Rendered, renderApp} from '../helpers/render.js';

/** The fake engine (test/helpers/fake-engine.ts): volscope must show each answer as a state in words, keep its keys, and keep its memory bounded. */
let engine: FakeEngine;
beforeAll(async () => {
  engine = await startFakeEngine();
});
afterAll(() => engine.close());

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
  engine.mode = 'fine';
  engine.events = 'quiet';
});

const gateway = () => new DockerodeGateway(parseEngineUrl(engine.url, '--host'));
const start = (listTimeoutMs = 3000) => {
  current = renderApp(gateway(), {
    size: {columns: 120, rows: 24},
    store: {listTimeoutMs, reconnectMinMs: 100, reconnectMaxMs: 200, sizeGapMs: 60_000},
  });
  return current;
};
const noStack = (frame: string) => expect(frame).not.toMatch(/at .*\.(js|ts):\d+|SyntaxError: |TypeError: /);

describe('a hostile or broken engine', () => {
  it('malformed JSON: a state in words, no stack; keys keep working', async () => {
    engine.mode = 'malformed';
    const ui = start();
    const frame = await ui.waitFor(/not valid JSON/i, 10_000);
    expect(frame).toContain(
      'the engine\'s answer to GET /volumes is not valid JSON (40 bytes, starting "{"Volumes": [{"Name": "half", "Driver": ")',
    );
    noStack(frame);
    ui.press('?');
    await ui.waitFor('Keys in the volume table');
  });

  it('a truncated body and a connection reset mid-list: words, then it lists again once the engine behaves', async () => {
    for (const broken of ['truncated', 'reset'] as const) {
      engine.mode = broken;
      const ui = start();
      const frame = await ui.waitFor(/broke|cut short|could not be read|aborted/i, 10_000);
      noStack(frame);
      engine.mode = 'fine';
      ui.press('r');
      await ui.waitFor('ok-volume', 10_000);
      ui.unmount();
      current = undefined;
    }
  });

  it('a 1 MB label and names with escape sequences and invalid UTF-8: drawn sanitized, nothing reaches the terminal raw', async () => {
    engine.mode = 'hugeLabel';
    let ui = start();
    let frame = await ui.waitFor('big-label', 10_000);
    expect(frame.split('\n').every((line) => line.length <= 120)).toBe(true);
    ui.press('i');
    frame = await ui.waitFor('Volume big-label');
    expect(frame.split('\n').every((line) => line.length <= 120)).toBe(true);
    ui.unmount();
    engine.mode = 'hostileNames';
    ui = start();
    current = ui;
    frame = await ui.waitFor('clear', 10_000);
    expect(frame).toContain('\\e]2;PWNED\\x07');
    expect(frame).toContain('\\e[2Jclear');
    expect(frame).not.toContain('\u001b');
  });

  it('an event stream that sends garbage then closes: the table stays, it reconnects, keys work', async () => {
    engine.events = 'garbage';
    const opened = engine.eventStreams;
    const ui = start();
    const frame = await ui.waitFor('ok-volume', 10_000);
    noStack(frame);
    // The garbage arrived and the stream closed: volscope opened a new one.
    await ui.waitFor(() => engine.eventStreams >= opened + 2, 10_000);
    noStack(ui.lastFrame());
    ui.press('?');
    noStack(await ui.waitFor('Keys in the volume table'));
  });

  it('a slow drip of one byte a second: the list gives up at its deadline with words, keys work meanwhile', async () => {
    engine.mode = 'drip';
    const ui = start(2500);
    ui.press('?');
    await ui.waitFor('Keys in the volume table', 2000);
    ui.press('\u001b');
    const frame = await ui.waitFor(/no answer within|got no answer/i, 10_000);
    noStack(frame);
  });

  it('100,000 volumes: listed and drawn, the end reachable (RSS at 10,000 rows is a bench budget)', async () => {
    engine.mode = 'many';
    const store = new LiveStore(gateway(), {sizeGapMs: 60_000});
    await store.refreshList();
    const ui = start(30_000);
    await ui.waitFor('100000 volumes', 30_000);
    ui.press('G');
    await ui.waitFor('v-099999', 10_000);
    store.stop();
  }, 60_000);
});
