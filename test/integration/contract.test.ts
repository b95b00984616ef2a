import {afterAll, beforeAll} from 'vitest';
import {type ContractWorld, gatewayContract} from '../contract/gateway-contract.js';
import {
  ENGINES,
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  gatewayFor,
  uniqueName,
} from '../helpers/engines.js';

describeEachEngine(
  'gateway contract: a real engine',
  (engine) => {
    const label = ['--label', `${TEST_LABEL}=1`];
    const world: ContractWorld = {
      gateway: gatewayFor(engine),
      readOnly: gatewayFor(engine, {readOnly: true}),
      image: TEST_IMAGE,
      name: (base) => uniqueName(`contract-${base}`),
      labels: {[TEST_LABEL]: '1'},
      async attach(volume, running) {
        const name = uniqueName('holder');
        // A shell that ends on SIGTERM: `docker stop` returns at once instead of after its 10 s grace.
        const id = running
          ? await docker(
              engine,
              'run',
              '-d',
              ...label,
              '--name',
              name,
              '-v',
              `${volume}:/d`,
              TEST_IMAGE,
              'sh',
              '-c',
              'trap "exit 0" TERM; sleep 600 & wait',
            )
          : await docker(engine, 'create', ...label, '--name', name, '-v', `${volume}:/d`, TEST_IMAGE, 'true');
        return {id, name};
      },
      helpers: async () =>
        (
          await docker(
            engine,
            'ps',
            '-aq',
            '--filter',
            'label=io.volscope.helper',
            '--filter',
            `label=io.volscope.owner-pid=${process.pid}`,
          )
        )
          .split('\n')
          .filter(Boolean).length,
    };
    beforeAll(() => cleanEngine(engine));
    afterAll(() => cleanEngine(engine));
    gatewayContract(() => world);
  },
  [...ENGINES, PODMAN],
);
