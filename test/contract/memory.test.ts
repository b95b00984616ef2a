import {describe} from 'vitest';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {container} from '../helpers/fixtures.js';
import {type ContractWorld, gatewayContract} from './gateway-contract.js';

/** The in-memory fake as a read-only gateway: the same state, every call made with readOnly set. */
function readOnlyView(gateway: MemoryGateway): MemoryGateway {
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        target.readOnly = true;
        try {
          return await (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          target.readOnly = false;
        }
      };
    },
  });
}

describe('gateway contract: the in-memory fake', () => {
  const gateway = new MemoryGateway();
  let counter = 0;
  const world: ContractWorld = {
    gateway,
    readOnly: readOnlyView(gateway),
    image: 'img',
    name: (base) => `contract-${base}-${++counter}`,
    labels: {'volscope.test': '1'},
    async attach(volume, running) {
      const made = container(`holder${++counter}`, running ? 'running' : 'created', [[volume, '/d']]);
      gateway.containers = [...gateway.containers, made];
      return {id: made.id, name: made.name};
    },
    helpers: async () => gateway.openArchives,
  };
  gatewayContract(() => world);
});
