import {describe, expect, it} from 'vitest';

describe('runtime', () => {
  it('runs on a maintained Node (22 or newer), the line CI asked for when it names one', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major, `tests must not run on end-of-life Node ${process.version}`).toBeGreaterThanOrEqual(22);
    if (process.env.VOLSCOPE_NODE_MAJOR) expect(major).toBe(Number(process.env.VOLSCOPE_NODE_MAJOR));
  });
});
