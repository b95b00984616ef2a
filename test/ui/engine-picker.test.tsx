import {afterEach, describe, expect, it} from 'vitest';
import type {EngineSwitcher} from '../../src/app/ports.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const ESC = '\u001b';
let current: Rendered | undefined;
afterEach(() => current?.unmount());

const CHOICES = [
  {
    name: 'default',
    description: 'DOCKER_HOST, or the local socket',
    endpoint: 'unix:///var/run/docker.sock',
    current: true,
  },
  {name: 'prod', description: 'the big one', endpoint: 'ssh://ops@prod', current: false},
  {name: 'evil\u001b]2;x\u0007', description: '', endpoint: 'tcp://10.0.0.1:2376 (TLS)', current: false},
];

/** A switcher whose connections the test settles by hand. */
function switcher() {
  const attempts: Array<{
    name: string;
    names: readonly string[];
    signal: AbortSignal;
    resolve(): void;
    reject(error: Error): void;
  }> = [];
  const engines: EngineSwitcher = {
    list: async () => CHOICES,
    switchTo: (names, signal) =>
      new Promise<void>((resolve, reject) => attempts.push({name: names.join(','), names, signal, resolve, reject})),
  };
  return {engines, attempts};
}

const start = async (engines?: EngineSwitcher) => {
  current = renderApp(new MemoryGateway({volumes: [volume('local-data')]}), engines ? {switcher: engines} : {});
  await current.waitFor('local-data');
  return current;
};

describe('engine picker (e)', () => {
  it('lists the docker contexts with the one in use marked and names escaped', async () => {
    const ui = await start(switcher().engines);
    ui.press('e');
    const frame = await ui.waitFor('Enter connects');
    expect(frame).toContain('Engines: docker contexts');
    expect(frame).toMatch(/● default\s+unix:\/\/\/var\/run\/docker\.sock {2}DOCKER_HOST, or the local socket/);
    expect(frame).toMatch(/ {2}prod\s+ssh:\/\/ops@prod {2}the big one/);
    expect(frame).toContain('evil\\e]2;x\\x07');
    expect(frame).toContain('Enter connects');
  });

  it('connects to the chosen one; a failure is shown in the picker and the table stays', async () => {
    const {engines, attempts} = switcher();
    const ui = await start(engines);
    ui.press('e');
    await ui.waitFor('Enter connects');
    ui.press('j');
    ui.press('\r');
    await ui.waitFor('Connecting to prod… (Esc stays on the current engines)');
    await ui.waitFor(() => attempts.length === 1);
    expect(attempts.map((a) => a.name)).toEqual(['prod']);
    attempts[0]!.reject(
      new Error(
        'Cannot reach the engine at ssh://ops@prod over SSH.\nThe host key is not in ~/.ssh/known_hosts: ssh ops@prod once.',
      ),
    );
    const failed = await ui.waitFor('The host key is not in');
    expect(failed).toContain('Cannot reach the engine at ssh://ops@prod over SSH.');
    expect(failed).toContain('Enter connects');
    ui.press(ESC);
    await ui.waitFor((f) => f.includes('local-data') && !f.includes('Engines: docker contexts'));
  });

  it('Esc while connecting stays on this engine and abandons the attempt', async () => {
    const {engines, attempts} = switcher();
    const ui = await start(engines);
    ui.press('e');
    await ui.waitFor('Enter connects');
    ui.press('j\r');
    await ui.waitFor('Connecting to prod');
    await ui.waitFor(() => attempts.length === 1);
    ui.press(ESC);
    await ui.waitFor((f) => f.includes('local-data') && !f.includes('Connecting'));
    await ui.waitFor(() => attempts[0]!.signal.aborted);
  });

  it('Enter on the context in use just closes the picker', async () => {
    const {engines, attempts} = switcher();
    const ui = await start(engines);
    ui.press('e');
    await ui.waitFor('Enter connects');
    ui.press('\r');
    await ui.waitFor((f) => !f.includes('Engines: docker contexts'));
    expect(attempts).toEqual([]);
  });

  it('says so where switching is not available', async () => {
    const ui = await start();
    ui.press('e');
    await ui.waitFor('Switching engines is not available here.');
  });
});
