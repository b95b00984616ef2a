import {type Dispatch, useEffect, useRef} from 'react';
import {engineMessage} from '../docker/errors.js';
import type {Action} from './actions.js';
import type {BindState} from '../model/mounts.js';
import type {MountsState} from './mounts-state.js';
import type {EngineData} from '../model/records.js';
import type {EngineLink} from './ports.js';

/**
 * While the mounts view is shown: inspects containers whose tmpfs details are not known yet (each
 * once: a container's mounts never change), probes bind sources not yet probed (is the path still
 * on the engine's host?), and measures the one the user asked for. Nothing runs while the view is
 * closed, and nothing is asked twice.
 */
export function useMounts(
  links: ReadonlyMap<string, EngineLink>,
  engines: readonly EngineData[],
  mounts: MountsState | undefined,
  open: boolean,
  dispatch: Dispatch<Action>,
): void {
  const asked = useRef(new Set<string>());
  // One controller per opening of the view: closing it (or quitting) stops the inspects under way;
  // a new result re-running the effect below must not.
  const opening = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    opening.current = controller;
    return () => {
      controller.abort();
      opening.current = undefined;
      asked.current.clear();
    };
  }, [open]);
  useEffect(() => {
    const abort = opening.current;
    if (!open || !mounts || !abort) return;
    inspectTmpfs(links, engines, mounts, asked.current, abort.signal, dispatch);
    probeBinds(links, mounts, asked.current, dispatch);
  }, [links, engines, mounts, open, dispatch]);
}

type Asked = Set<string>;

/** Each container's tmpfs details, asked once (a container's mounts never change). */
function inspectTmpfs(
  links: ReadonlyMap<string, EngineLink>,
  engines: readonly EngineData[],
  mounts: MountsState,
  asked: Asked,
  signal: AbortSignal,
  dispatch: Dispatch<Action>,
): void {
  for (const engine of engines) {
    const link = links.get(engine.name);
    const known = mounts.tmpfs.get(engine.name);
    const ids = (engine.snapshot?.containers ?? [])
      .map((c) => c.id)
      .filter((id) => !known?.has(id) && !asked.has(`${engine.name}\u0000${id}`));
    if (ids.length && link?.mounts) {
      for (const id of ids) asked.add(`${engine.name}\u0000${id}`);
      link.mounts.inspectTmpfs(ids, signal).then(
        (details) => dispatch({type: 'mountsTmpfs', engine: engine.name, details}),
        () => {
          // Asked again on the next change: a failed inspect must not stick.
          for (const id of ids) asked.delete(`${engine.name}\u0000${id}`);
        },
      );
    }
  }
}

/** Whether each bind source is still on the host (once a round), and the measurement asked for. */
function probeBinds(
  links: ReadonlyMap<string, EngineLink>,
  mounts: MountsState,
  asked: Asked,
  dispatch: Dispatch<Action>,
): void {
  // The sources not checked yet, one probe per engine for all of them (one helper, created and removed).
  const unchecked = new Map<string, string[]>();
  for (const row of mounts.rows) {
    if (row.type !== 'bind' || !row.source) continue;
    const probe = links.get(row.engine)?.mounts;
    // A probe belongs to its round (r starts a new one); a measurement outlives rounds.
    const round = row.bind.status === 'unknown' ? `\u0000${mounts.probeRound}` : '';
    const key = `${row.engine}\u0000bind\u0000${row.source}\u0000${row.bind.status}${round}`;
    if (!probe || asked.has(key)) continue;
    const path = row.source;
    const report = (state: Parameters<typeof dispatch>[0] & {type: 'bindState'}) => dispatch(state);
    if (row.bind.status === 'unknown') {
      asked.add(key);
      unchecked.set(row.engine, [...(unchecked.get(row.engine) ?? []), path]);
    } else if (row.bind.status === 'measuring') {
      asked.add(key);
      void probe.measureBind(path).then((state) => {
        report({type: 'bindState', engine: row.engine, path, state});
        asked.delete(key);
      });
    }
  }
  const round = mounts.probeRound;
  for (const [engine, paths] of unchecked) {
    // Answered, a source may be asked about again (r, or the next opening).
    const answered = () => {
      for (const path of paths) asked.delete(`${engine}\u0000bind\u0000${path}\u0000unknown\u0000${round}`);
    };
    links
      .get(engine)!
      .mounts!.probeBinds(paths)
      .finally(answered)
      .then(
        (found) =>
          (path: string): BindState => ({status: found.get(path) ? 'present' : 'missing'}),
        (error: unknown) => (): BindState => ({status: 'failed', error: engineMessage(error)}),
      )
      .then((stateOf) => {
        for (const path of paths) dispatch({type: 'bindState', engine, path, round, state: stateOf(path)});
      });
  }
}
