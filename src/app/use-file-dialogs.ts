import {type Dispatch, useEffect, useRef} from 'react';
import type {Action} from './actions.js';
import type {Dialog} from './dialogs/index.js';
import type {EngineLink} from './ports.js';

/**
 * The questions u and e ask outside the app: Tab's completion and Enter's plan of a copy in
 * (the local disk and the engine), and the editor of an edit (which has the terminal until it
 * closes). Each answer carries the dialog's seq; a late one is dropped by the flow.
 */
export function useFileDialogs(
  links: ReadonlyMap<string, EngineLink>,
  dialog: Dialog | undefined,
  dispatch: Dispatch<Action>,
): void {
  // Read when a new seq starts: the dialog holds the request for that seq.
  const current = useRef(dialog);
  current.current = dialog;
  const copyIn = dialog?.kind === 'copyInPrompt' ? dialog : undefined;
  const completing = copyIn?.completing;
  const planning = copyIn?.stage === 'planning' ? copyIn.seq : undefined;
  const editing = dialog?.kind === 'editFile' && dialog.stage === 'editing' ? dialog.seq : undefined;

  useEffect(() => {
    const asked = current.current;
    if (completing === undefined || asked?.kind !== 'copyInPrompt') return;
    const planner = links.get(asked.engine)?.copyIn;
    const text = asked.source.text;
    void (planner ? planner.complete(text) : Promise.resolve(text))
      .catch(() => text)
      .then((completed) => dispatch({type: 'copyInCompleted', seq: completing, text: completed}));
  }, [completing, links, dispatch]);

  useEffect(() => {
    const asked = current.current;
    if (planning === undefined || asked?.kind !== 'copyInPrompt') return;
    const planner = links.get(asked.engine)?.copyIn;
    if (!planner) {
      dispatch({type: 'copyInPlanned', seq: planning, error: 'Copying in is not available on this engine.'});
      return;
    }
    const {engine, volume, folder} = asked;
    planner.plan({engine, volume, folder, source: asked.source.text}).then(
      (plan) => dispatch({type: 'copyInPlanned', seq: planning, plan}),
      (error: Error) => dispatch({type: 'copyInPlanned', seq: planning, error: error.message}),
    );
  }, [planning, links, dispatch]);

  useEffect(() => {
    const asked = current.current;
    if (editing === undefined || asked?.kind !== 'editFile') return;
    const editor = links.get(asked.engine)?.editor;
    if (!editor) {
      dispatch({type: 'editOpened', seq: editing, error: 'Editing is not available on this engine.'});
      return;
    }
    const {engine, volume, path, name} = asked;
    // The editor had the screen: every line is drawn again, then the answer.
    editor.open({engine, volume, path, name}).then(
      (outcome) => {
        dispatch({type: 'resumed'});
        dispatch({type: 'editOpened', seq: editing, outcome});
      },
      (error: Error) => {
        dispatch({type: 'resumed'});
        dispatch({type: 'editOpened', seq: editing, error: error.message});
      },
    );
  }, [editing, links, dispatch]);
}
