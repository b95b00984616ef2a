import {dockerConfigDir, listContexts} from '../docker/contexts.js';
import type {SessionOptions} from '../tui/engine-session.js';
import type {GlobalOptions} from './args.js';

/**
 * The engines a TUI session or `ls` opens, each as the options for one engine: every -c and -H,
 * plus with --all-contexts every context of the docker CLI's store (default first). None named:
 * the one engine DOCKER_HOST, DOCKER_CONTEXT or the current context names.
 */
export function engineTargets(
  options: GlobalOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SessionOptions[] {
  const {host: _host, context: _context, targets, allContexts: _all, ...common} = options;
  const named = targets.map((target) => ({...common, ...target}));
  if (!options.allContexts) return named.length ? named : [options];
  const fromStore = listContexts(dockerConfigDir(env)).map((context) => context.name);
  const explicit = new Set(targets.map((target) => target.context).filter((name) => name !== undefined));
  return [...fromStore.filter((name) => !explicit.has(name)).map((context) => ({...common, context})), ...named];
}
