import {afterEach, describe, expect, it} from 'vitest';
import {FaultGateway} from '../../src/testing/fault-gateway.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {usage, volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const ESC = '\u001b';
let current: Rendered | undefined;
afterEach(() => current?.unmount());

function sickEngine() {
  const memory = new MemoryGateway({
    volumes: [volume('alpha'), volume('beta'), volume('gamma')],
    usage: usage({alpha: 1000, beta: 2000, gamma: 3000}),
  });
  return {memory, gateway: new FaultGateway(memory)};
}

describe('a slow or hanging engine', () => {
  it('counts a slow size scan on the status line, keeps answering keys, and Esc cancels it', async () => {
    const {gateway} = sickEngine();
    gateway.hang('volumeUsage');
    const ui = (current = renderApp(gateway));
    await ui.waitFor('alpha');
    const counting = await ui.waitFor(/sizing… [2-9] s \(Esc cancels\)/, 5000);
    expect(counting).toMatch(/alpha\s+local\s+…/);
    // Keys are not held up by the call.
    ui.press('j');
    ui.press('i');
    await ui.waitFor('Volume beta');
    ui.press(ESC);
    await ui.waitFor('NAME▲');
    ui.press('/');
    ui.press('a');
    ui.press('\r');
    await ui.waitFor('/a');
    ui.press(ESC);
    const cancelled = await ui.waitFor('size scan cancelled');
    expect(cancelled).toContain('sizes not measured');
    expect(gateway.aborted.volumeUsage).toBe(1);
    // The filter survived the first Esc; the second clears it.
    expect(cancelled).toContain('/a');
    ui.press(ESC);
    await ui.waitFor((f) => !f.includes('/a'));
    gateway.release('volumeUsage');
    ui.press('r');
    await ui.waitFor('3 kB');
  });

  it('shows a list that hangs on r as pending while the table stays usable', async () => {
    const {gateway} = sickEngine();
    const ui = (current = renderApp(gateway, {store: {listTimeoutMs: 60_000}}));
    await ui.waitFor('3 kB');
    gateway.hang('listVolumes');
    ui.press('r');
    await ui.waitFor(/listing… [2-9] s \(Esc cancels\) │ 3 volumes/, 5000);
    ui.press('G');
    ui.press('i');
    await ui.waitFor('Volume gamma');
    ui.press(ESC);
    await ui.waitFor('NAME▲');
    ui.press(ESC);
    await ui.waitFor('list cancelled: showing the last one; r tries again');
    expect(ui.lastFrame()).not.toContain('listing…');
  });

  it('an engine whose events have not opened and whose first list is slow is connecting, not down: no ✕', async () => {
    const {gateway} = sickEngine();
    gateway.hang('listVolumes');
    // The events stream is the engine's heartbeat here: it opens only when the test says.
    let open: (() => void) | undefined;
    const subscribe = gateway.subscribeEvents.bind(gateway);
    gateway.subscribeEvents = (handlers) => subscribe({...handlers, onOpen: () => (open = handlers.onOpen)});
    const ui = (current = renderApp(gateway, {store: {listTimeoutMs: 60_000}}));
    const waiting = await ui.waitFor(/^connecting… │ listing… [2-9] s \(Esc cancels\)/m, 5000);
    expect(waiting).not.toContain('✕');
    open!();
    gateway.release('listVolumes');
    const live = await ui.waitFor('● live');
    expect(live).not.toContain('connecting…');
  });

  it('gives up on a list past its deadline with a message that says what to do', async () => {
    const {gateway} = sickEngine();
    const ui = (current = renderApp(gateway, {store: {listTimeoutMs: 300}}));
    await ui.waitFor('3 kB');
    gateway.hang('listContainers');
    ui.press('r');
    await ui.waitFor('the list got no answer within 0 s: showing the last one; r tries again');
    expect(ui.lastFrame()).toContain('gamma');
  });

  it('shows an engine error on a list and recovers on the next r', async () => {
    const {gateway} = sickEngine();
    const ui = (current = renderApp(gateway));
    await ui.waitFor('3 kB');
    gateway.fail('listVolumes', Object.assign(new Error('Error response from daemon: i/o timeout'), {statusCode: 500}));
    ui.press('r');
    await ui.waitFor('i/o timeout');
    gateway.release('listVolumes');
    ui.press('r');
    await ui.waitFor((f) => !f.includes('i/o timeout'));
  });
});
