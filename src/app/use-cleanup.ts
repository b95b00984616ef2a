import {type Dispatch, useEffect} from 'react';
import {engineMessage} from '../docker/errors.js';
import {removeExactly} from '../ops/remove.js';
import {describeSkip} from '../model/cleanup.js';
import {sanitizeLines} from '../model/sanitize.js';
import type {Action} from './actions.js';
import {createSpec} from './dialogs/create.js';
import type {Dialog} from './dialogs/index.js';
import type {VolumeWriter} from './ports.js';

/**
 * Carries out a confirmed removal (exactly the frozen names, one by one, each reported as it
 * ends) and a submitted create. The live store sees the engine's events and refreshes the table.
 */
export function useCleanup(writer: VolumeWriter | undefined, dialog: Dialog | undefined, dispatch: Dispatch<Action>): void {
  const runSeq = dialog?.kind === 'removing' ? dialog.seq : undefined;
  const createSeq = dialog?.kind === 'create' ? dialog.submitting : undefined;

  useEffect(() => {
    if (runSeq === undefined || dialog?.kind !== 'removing') return;
    const names = dialog.names;
    if (!writer) {
      for (const name of names) dispatch({type: 'removed', seq: runSeq, outcome: {name, removed: false, reason: 'failed', message: 'not connected to an engine', containerIds: []}});
      return;
    }
    void removeExactly(writer, names, (outcome) => {
      if (outcome.removed) return dispatch({type: 'removed', seq: runSeq, outcome});
      void writer
        .listContainers()
        .catch(() => [])
        .then((containers) => dispatch({type: 'removed', seq: runSeq, outcome, why: describeSkip(outcome, containers)}));
    });
    // The names are frozen in the dialog for this seq.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runSeq, writer, dispatch]);

  useEffect(() => {
    if (createSeq === undefined || dialog?.kind !== 'create') return;
    const spec = createSpec(dialog);
    if (!writer) return void dispatch({type: 'created', seq: createSeq, error: 'not connected to an engine'});
    writer.createVolume(spec).then(
      () => dispatch({type: 'created', seq: createSeq}),
      (error: unknown) => dispatch({type: 'created', seq: createSeq, error: sanitizeLines(`The engine refused: ${engineMessage(error)}`)}),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [createSeq, writer, dispatch]);
}
