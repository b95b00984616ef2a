import type {Invocation} from './args.js';

/**
 * The size history's commands (record, growth, history), and the engines that they and `ls` read;
 * dispatch.ts spreads these into its table of handlers.
 */

const stdio = () => ({out: process.stdout, err: process.stderr, stdin: process.stdin});

/**
 * The engines ls, record and growth read. One engine: one that does not answer is the whole answer
 * (exit 1, what to do). Several: each is reached on its own; one that does not answer is named, the others print.
 */
export async function lsEngines(invocation: Extract<Invocation, {command: 'ls' | 'record' | 'growth'}>) {
  const [{connectSweeping, reportConnectErrors}, {engineTargets}, dockerConnect, {engineName}] = await Promise.all([
    import('./connect.js'),
    import('./targets.js'),
    import('../docker/connect.js'),
    import('../docker/endpoint.js'),
  ]);
  const targets = engineTargets(invocation.options);
  if (targets.length === 1) {
    const {gateway, swept} = await connectSweeping(invocation.options);
    return [{name: engineName(gateway), gateway, swept}];
  }
  const reached = await Promise.all(targets.map((target) => reportConnectErrors(dockerConnect.reach(target))));
  return reached.map(({gateway, problem}) =>
    problem ? {name: engineName(gateway), problem: problem.message} : {name: engineName(gateway), gateway},
  );
}

type HistoryCommand = 'record' | 'growth' | 'history';

export const HISTORY_HANDLERS: {
  readonly [K in HistoryCommand]: (invocation: Extract<Invocation, {command: K}>) => Promise<number>;
} = {
  async record(invocation) {
    const [{runRecord}, {historyUse}, engines] = await Promise.all([
      import('./history.js'),
      import('./history-scan.js'),
      lsEngines(invocation),
    ]);
    return runRecord(engines, await historyUse(invocation.options), {out: process.stdout, err: process.stderr});
  },

  async growth(invocation) {
    const [{runGrowth}, {historyUse}, {notified}] = await Promise.all([
      import('./history.js'),
      import('./history-scan.js'),
      import('./notified.js'),
    ]);
    return notified(invocation.notify, 'growth', stdio(), async (io) => {
      const use = await historyUse({...invocation.options, growth: invocation.since});
      return runGrowth(await lsEngines(invocation), use, invocation, io);
    });
  },

  async history(invocation) {
    const [{runHistory}, {historyUse}] = await Promise.all([import('./history.js'), import('./history-scan.js')]);
    const use = await historyUse(invocation.options);
    return runHistory(use, invocation.forget, invocation.json, {out: process.stdout, err: process.stderr});
  },
};
