import {parsePairs, volumeNameProblem} from '../../model/cleanup.js';
import {CREATE_FIELDS} from '../../model/create-form.js';
import {EMPTY_FIELD, edit, fieldOf, type TextField} from '../../model/text-field.js';
import {defaultEngine, nextEngine} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

export interface CreateFields {
  readonly name: TextField;
  readonly driver: TextField;
  readonly labels: TextField;
  readonly options: TextField;
}

export interface CreateDialog {
  readonly kind: 'create';
  /** Where the volume is made: the selected row's engine to start with; Tab reaches the choice when there are several. */
  readonly engine: string;
  readonly fields: CreateFields;
  readonly field: number;
  readonly error?: string;
  /** The seq of the create under way; the form stays so nothing typed is lost if the engine refuses. */
  readonly submitting?: number;
}

export function openCreate<S extends DialogHost>(state: S): S {
  return withDialog(state, {
    kind: 'create',
    engine: defaultEngine(state),
    fields: {name: EMPTY_FIELD, driver: fieldOf('local'), labels: EMPTY_FIELD, options: EMPTY_FIELD},
    field: 0,
  });
}

/** The volume the form describes, as the engine is asked for it. */
export function createSpec(dialog: CreateDialog) {
  const {name, driver, labels, options} = dialog.fields;
  return {
    name: name.text.trim(),
    driver: driver.text.trim() || 'local',
    labels: parsePairs(labels.text) ?? {},
    driverOpts: parsePairs(options.text) ?? {},
  };
}

export const create: DialogFlow<CreateDialog> = {
  context: () => 'create',
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'dialogEngine':
        return dialog.submitting
          ? state
          : withDialog(state, {...dialog, engine: nextEngine(state, dialog.engine), error: undefined});
      case 'dialogField':
        return withDialog(state, {
          ...dialog,
          field: (dialog.field + action.delta + CREATE_FIELDS.length) % CREATE_FIELDS.length,
        });
      case 'edit': {
        if (dialog.submitting) return state;
        const key = CREATE_FIELDS[dialog.field]!.key;
        const next = edit(dialog.fields[key], action.op);
        return next === dialog.fields[key]
          ? state
          : withDialog(state, {...dialog, fields: {...dialog.fields, [key]: next}, error: undefined});
      }
      case 'dialogSubmit': {
        if (dialog.submitting) return state;
        const {name, labels, options} = dialog.fields;
        const problem =
          volumeNameProblem(name.text.trim()) ??
          (parsePairs(labels.text) ? undefined : 'Labels: write key=value pairs, separated by commas.') ??
          (parsePairs(options.text) ? undefined : 'Driver options: write key=value pairs, separated by commas.');
        if (problem) return withDialog(state, {...dialog, error: problem});
        return startWork(state, (seq): CreateDialog => ({...dialog, submitting: seq, error: undefined}));
      }
      case 'created':
        if (dialog.submitting !== action.seq) return state;
        // The engine's own words when it refuses; the form stays so nothing typed is lost.
        return withDialog(state, action.error ? {...dialog, submitting: undefined, error: action.error} : undefined);
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};
