import {engineName} from '../docker/endpoint.js';
import {askFirstLists} from '../docker/first-lists.js';
import {isMarker} from '../model/incomplete.js';
import type {Invocation} from './args.js';
import {ReportedError} from './errors.js';
import {engineTargets} from './targets.js';

/**
 * `volscope ls --no-size` over local sockets, from the two lists alone: asked with bare node:http
 * (docker/first-lists.ts) before dockerode loads, with no ping, and no sweep when the lists show
 * nothing to sweep — no volscope helper and no mark of a half-done operation. dockerode's load,
 * the ping's round trip and the sweep's two lists were ~25 ms of a ~105 ms `ls` at 1,000 volumes.
 * src/cli.tsx calls this before the command handlers load; the table's code loads while the
 * engines answer.
 *
 * Undefined when this cannot answer alone, and the usual path runs: sizes or the history asked
 * for, an engine not on a local socket, an engine that failed (it asks again and says why in its
 * own words), or something to sweep (it removes that first). One engine that does not answer the
 * lists within --timeout is said here, in connect's words: the usual path would wait as long again.
 */
export async function lsFromLists(invocation: Extract<Invocation, {command: 'ls'}>): Promise<number | undefined> {
  // Sizes, JSON and growth read or write the history; that path has it.
  if (invocation.sizes || invocation.json || invocation.options.growth !== undefined) return undefined;
  let targets: ReturnType<typeof engineTargets>;
  try {
    targets = engineTargets(invocation.options);
  } catch {
    return undefined; // a context store that cannot be read: the usual path says so
  }
  const asked = targets.map(askFirstLists);
  const local = asked.flatMap((engine) => (engine?.lists ? [{endpoint: engine.endpoint, lists: engine.lists}] : []));
  const abandon = () => {
    for (const {lists} of local) lists.abandon();
  };
  if (local.length !== targets.length) {
    abandon();
    return undefined;
  }
  const timeout = invocation.options.timeout;
  // --timeout bounds the wait for the engines to begin answering, as it bounds connect's ping: an
  // engine that takes the connection and never answers ends here, in connect's words. No ping goes
  // with the lists: both begun is an engine that answers, and a failed list takes the usual path,
  // which pings and says why.
  const deadline = AbortSignal.timeout(timeout);
  const timedOut = new Promise<'timed out'>((resolve) =>
    deadline.addEventListener('abort', () => resolve('timed out'), {once: true}),
  );
  const begun = Promise.race([Promise.all(local.map(({lists}) => lists.begun)), timedOut]);
  // The table's code loads while the engines answer: the thread is idle until then. Loading it
  // before the requests are written would hold them back (a socket connects once the event loop
  // turns).
  await Promise.race([Promise.all(local.map(({lists}) => lists.sent)), timedOut]);
  const printing = Promise.all([import('../model/join.js'), import('./ls-print.js')]);
  printing.catch(() => {}); // awaited below, unless the engines fail first
  const listed =
    (await begun) === 'timed out'
      ? 'timed out'
      : await Promise.all(
          local.map(async ({endpoint, lists}) => {
            const [volumes, containers] = await Promise.all([lists.volumes, lists.containers]);
            return {name: engineName({context: endpoint.context, address: endpoint.url}), volumes, containers};
          }),
        ).catch(() => undefined);
  if (listed === undefined || listed === 'timed out') {
    abandon();
    if (listed === 'timed out' && local.length === 1) {
      const {describeConnectError} = await import('../docker/errors.js');
      const {what, fix} = describeConnectError(deadline.reason, local[0]!.endpoint, timeout);
      throw new ReportedError(`${what}\n${fix}`);
    }
    return undefined;
  }
  const toSweep = listed.some(
    ({volumes, containers}) => containers.some((container) => container.volscopeHelper) || volumes.some(isMarker),
  );
  if (toSweep) return undefined;
  const [{joinVolumes}, {printLs}] = await printing;
  const results = listed.map(({name, volumes, containers}) => ({
    name,
    rows: joinVolumes(volumes, containers, undefined, name),
  }));
  return printLs(results, undefined, {json: false, sizes: false}, process.stdout, process.stderr);
}
