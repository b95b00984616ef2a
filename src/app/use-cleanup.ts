import {type Dispatch, useEffect} from 'react';
import {byEngine} from '../model/engines.js';
import {sanitizeLines} from '../model/sanitize.js';
import type {Action} from './actions.js';
import {createSpec} from './dialogs/create.js';
import type {Dialog} from './dialogs/index.js';
import type {EngineLink} from './ports.js';

/**
 * Carries out a confirmed removal (exactly the frozen volumes, engine by engine, one by one, each
 * reported as it ends) and a submitted create. The live stores see the engines' events and
 * refresh the table.
 */
export function useCleanup(
  links: ReadonlyMap<string, EngineLink>,
  dialog: Dialog | undefined,
  dispatch: Dispatch<Action>,
): void {
  const runSeq = dialog?.kind === 'removing' ? dialog.seq : undefined;
  const createSeq = dialog?.kind === 'create' ? dialog.submitting : undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the volumes to remove are frozen in the dialog for this seq
  useEffect(() => {
    if (runSeq === undefined || dialog?.kind !== 'removing') return;
    void (async () => {
      for (const [engine, volumes] of byEngine(dialog.volumes)) {
        const names = volumes.map((v) => v.name);
        const writer = links.get(engine)?.writer;
        if (!writer) {
          for (const name of names)
            dispatch({
              type: 'removed',
              seq: runSeq,
              engine,
              outcome: {
                name,
                removed: false,
                reason: 'failed',
                message: 'not connected to that engine',
                containerIds: [],
              },
            });
          continue;
        }
        await writer.removeExactly(names, (outcome, why) =>
          dispatch({type: 'removed', seq: runSeq, engine, outcome, ...(why === undefined ? {} : {why})}),
        );
      }
    })();
    // The volumes are frozen in the dialog for this seq.
  }, [runSeq, links, dispatch]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the create request is frozen in the dialog for this seq
  useEffect(() => {
    if (createSeq === undefined || dialog?.kind !== 'create') return;
    const spec = createSpec(dialog);
    const writer = links.get(dialog.engine)?.writer;
    if (!writer) return void dispatch({type: 'created', seq: createSeq, error: 'not connected to that engine'});
    writer.create(spec).then(
      () => dispatch({type: 'created', seq: createSeq}),
      (error: unknown) => dispatch({type: 'created', seq: createSeq, error: sanitizeLines((error as Error).message)}),
    );
  }, [createSeq, links, dispatch]);
}
