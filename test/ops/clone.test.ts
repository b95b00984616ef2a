import {describe, expect, it} from 'vitest';
import {clone} from '../../src/ops/clone.js';
import {OpError} from '../../src/ops/errors.js';
import {engineWithFiles, IMAGE, listing} from './transfer.js';

async function refusal(work: Promise<unknown>): Promise<OpError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OpError);
  return error as OpError;
}

describe('clone (over the memory engine)', () => {
  it('copies the tree into a new volume with the source\'s labels, no local file, helpers released', async () => {
    const engine = engineWithFiles();
    const result = await clone(engine, 'app', 'app-copy', {labels: true, image: IMAGE});
    expect(result).toMatchObject({created: true, labelsCopied: 2, runningUsers: ['web', 'worker']});
    expect(result.bytes).toBeGreaterThan(70_000);
    expect(listing(engine, 'app-copy')).toEqual(listing(engine, 'app'));
    expect(engine.volumes.find((v) => v.name === 'app-copy')?.labels).toEqual({tier: 'db', 'com.example.owner': 'ops'});
    expect(engine.openArchives).toBe(0);
  });

  it('without labels the new volume has none; an existing empty target is filled', async () => {
    const engine = engineWithFiles();
    expect((await clone(engine, 'app', 'bare', {labels: false, image: IMAGE})).labelsCopied).toBe(0);
    expect(engine.volumes.find((v) => v.name === 'bare')?.labels).toEqual({});
    const into = await clone(engine, 'app', 'spare', {labels: true, image: IMAGE});
    expect(into.created).toBe(false);
    expect(listing(engine, 'spare')).toEqual(listing(engine, 'app'));
  });

  it('refuses the same name (badRequest), a missing source (notFound) and a target with files (notEmpty)', async () => {
    const engine = engineWithFiles();
    expect((await refusal(clone(engine, 'app', 'app', {labels: true, image: IMAGE}))).reason).toBe('badRequest');
    const missing = await refusal(clone(engine, 'nope', 'x', {labels: true, image: IMAGE}));
    expect(missing.reason).toBe('notFound');
    expect(missing.message).toBe('No volume named nope on this engine (`docker volume ls` lists them).');
    expect((await refusal(clone(engine, 'app', 'other', {labels: true, image: IMAGE}))).reason).toBe('notEmpty');
    expect(listing(engine, 'other')).toEqual(['file keep.txt 4 6b656570']);
    expect(engine.calls.createVolume).toBe(0);
  });
});
