import {createHmac, randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {checkHostKey} from '../../src/model/known-hosts.js';

const key = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIOZ1w0uBFvWwyBcaVpqEdC1dWZ1Nq1E7r0mBk1VtD7mA', 'base64');
const other = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIBcaVpqEdC1dWZ1Nq1E7r0mBk1VtD7mAOZ1w0uBFvWwy', 'base64');
const line = (hosts: string, k = key) => `${hosts} ssh-ed25519 ${k.toString('base64')}`;
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  it('knows a host by plain name, by [host]:port, by hashed name and by wildcard', () => {
    const files = (text: string) => [{path: '/k', text}];
    expect(checkHostKey(files(line('box,10.0.0.2')), 'box', 22, key).kind).toBe('known');
    expect(checkHostKey(files(line('[box]:2222')), 'box', 2222, key).kind).toBe('known');
    // Port 22 is written without brackets: [box]:2222 does not vouch for box:22.
    expect(checkHostKey(files(line('[box]:2222')), 'box', 22, key).kind).toBe('unknown');
    expect(checkHostKey(files(line(hashed('[127.0.0.1]:2200'))), '127.0.0.1', 2200, key).kind).toBe('known');
    expect(checkHostKey(files(line('*.lab.example,!secret.lab.example')), 'db.lab.example', 22, key).kind).toBe(
      'known',
    );
    expect(checkHostKey(files(line('*.lab.example,!secret.lab.example')), 'secret.lab.example', 22, key).kind).toBe(
      'unknown',
    );
  });

  it('calls a different key for a listed host changed, and honours @revoked', () => {
    const text = ['# comment', '', line('other-host', other), line('box', other)].join('\n');
    expect(checkHostKey([{path: '/home/u/.ssh/known_hosts', text}], 'box', 22, key)).toEqual({
      kind: 'changed',
      file: '/home/u/.ssh/known_hosts',
      line: 4,
    });
    expect(checkHostKey([{path: '/k', text: `@revoked ${line('*')}\n${line('box')}`}], 'box', 22, key)).toEqual({
      kind: 'revoked',
      file: '/k',
      line: 1,
    });
    expect(checkHostKey([{path: '/k', text: `@cert-authority ${line('box')}`}], 'box', 22, key).kind).toBe('unknown');
  });
});
