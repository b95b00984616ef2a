import {describe, expect, it} from 'vitest';
import {CancelledError, DeadlineError, withDeadline} from '../../src/docker/deadline.js';

const never = () => new Promise<never>(() => {});

describe('withDeadline', () => {
  it('gives up after the deadline even when the call ignores its signal, naming what and how long', async () => {
    // `never` never settles: the answer can only be the deadline's.
    const error = await withDeadline('listing volumes', 60, undefined, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toBe('listing volumes got no answer within 0 s');
    expect(
      await withDeadline('the size scan', 120_000, AbortSignal.abort(), never).catch((e: Error) => e.message),
    ).toBe('the size scan was cancelled');
  });

  it('aborts the signal it handed to the call, so a real request is torn down', async () => {
    let seen: AbortSignal | undefined;
    const cancel = new AbortController();
    const pending = withDeadline('a df', 10_000, cancel.signal, (signal) => {
      seen = signal;
      return never();
    });
    cancel.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(CancelledError);
  });

  it("passes results and the call's own errors through untouched", async () => {
    await expect(withDeadline('x', 1000, undefined, async () => 42)).resolves.toBe(42);
    await expect(
      withDeadline('x', 1000, undefined, async () => Promise.reject(new Error('engine said no'))),
    ).rejects.toThrow('engine said no');
  });

  it('leaves no timer behind once the call settles', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await withDeadline('x', 60_000, undefined, async () => 1);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });
});
