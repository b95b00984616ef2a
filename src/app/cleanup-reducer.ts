import {defaultBackupName, utcStamp} from '../model/backup-manifest.js';
import {freeHint, holdersText, parsePairs, pruneCandidates, volumeNameProblem} from '../model/cleanup.js';
import type {VolumeRow} from '../model/types.js';
import type {Action} from './actions.js';
import {type Blocked, CREATE_FIELDS, type Dialog} from './cleanup-state.js';
import {type AppState, selectedRow} from './state.js';

/** The rows a prune in this scope would take, as the dialog shows them: the same list is removed. */
export function pruneRows(state: AppState, scope: 'anonymous' | 'all'): VolumeRow[] {
  return pruneCandidates(state.rows, scope, {labelledOnly: state.pruneByLabel});
}

/** The rows `d` acts on: the marked ones if any, else the selected one. */
export function removalRows(state: AppState): VolumeRow[] {
  if (state.marks.size) return state.rows.filter((row) => state.marks.has(row.volume.name));
  const row = selectedRow(state);
  return row ? [row] : [];
}

const WRITES: ReadonlySet<Action['type']> = new Set(['mark', 'markAll', 'clearMarks', 'removeAsk', 'pruneAsk', 'createAsk', 'cloneAsk', 'restoreAsk']);

export function cleanupReducer(state: AppState, action: Action): AppState {
  // Under --read-only the keys do not exist; this keeps the reducer from ever opening a write path.
  if (state.readOnly && WRITES.has(action.type)) return state;
  const dialog = state.dialog;
  switch (action.type) {
    case 'mark': {
      const name = state.selectedName;
      if (name === undefined) return state;
      const marks = new Set(state.marks);
      if (!marks.delete(name)) marks.add(name);
      return {...state, marks};
    }
    case 'markAll':
      return {...state, marks: new Set([...state.marks, ...state.visible.map((row) => row.volume.name)])};
    case 'clearMarks':
      return state.marks.size ? {...state, marks: new Set()} : state;
    case 'removeAsk': {
      const rows = removalRows(state);
      if (rows.length === 0) return state;
      const blocked: Blocked[] = rows.filter((row) => row.containers.length).map((row) => ({name: row.volume.name, holders: holdersText(row), hint: freeHint(row)}));
      const names = rows.filter((row) => row.containers.length === 0).map((row) => row.volume.name);
      return withDialog(state, names.length ? {kind: 'remove', names, blocked, focus: 'cancel', scroll: 0} : {kind: 'blocked', blocked});
    }
    case 'pruneAsk':
      return withDialog(state, {kind: 'prune', scope: 'anonymous', focus: 'cancel', typed: '', scroll: 0});
    case 'createAsk':
      return withDialog(state, {kind: 'create', fields: {name: '', driver: 'local', labels: '', options: ''}, field: 0});
    case 'dialogFocus':
      if (dialog?.kind !== 'remove' && dialog?.kind !== 'prune') return state;
      return withDialog(state, {...dialog, focus: dialog.focus === 'cancel' ? 'confirm' : 'cancel'});
    case 'dialogTab':
      if (dialog?.kind === 'prune') return withDialog(state, {...dialog, scope: dialog.scope === 'all' ? 'anonymous' : 'all', focus: 'cancel', typed: '', scroll: 0});
      return cleanupReducer(state, {type: 'dialogFocus'});
    case 'dialogScroll': {
      if (dialog?.kind !== 'remove' && dialog?.kind !== 'prune') return state;
      const length = dialog.kind === 'remove' ? dialog.names.length + dialog.blocked.length : pruneRows(state, dialog.scope).length;
      const scroll = Math.max(0, Math.min(length - 1, dialog.scroll + action.delta));
      return scroll === dialog.scroll ? state : withDialog(state, {...dialog, scroll});
    }
    case 'dialogConfirm':
      if (dialog?.kind === 'blocked' || dialog?.kind === 'summary' || dialog?.kind === 'backupDone' || dialog?.kind === 'cloneDone' || dialog?.kind === 'restoreDone') return withDialog(state, undefined);
      if (dialog?.kind === 'remove') return dialog.focus === 'confirm' ? startRemoving(state, dialog.names) : withDialog(state, undefined);
      if (dialog?.kind === 'prune' && dialog.scope === 'anonymous') {
        return dialog.focus === 'confirm' ? startRemoving(state, pruneRows(state, 'anonymous').map((row) => row.volume.name)) : withDialog(state, undefined);
      }
      return state;
    case 'dialogCancel':
      // A backup under way stops (nothing under the final name); the hook reports it cancelled.
      if (dialog?.kind === 'backingUp') return dialog.cancelled ? state : withDialog(state, {...dialog, cancelled: true});
      // A removal or clone under way finishes and reports; it is not abandoned half-told.
      return dialog && dialog.kind !== 'running' && dialog.kind !== 'cloning' && dialog.kind !== 'restoring' ? withDialog(state, undefined) : state;
    case 'typedType':
      return dialog?.kind === 'prune' ? withDialog(state, {...dialog, typed: dialog.typed + action.text}) : state;
    case 'typedErase':
      return dialog?.kind === 'prune' && dialog.typed ? withDialog(state, {...dialog, typed: [...dialog.typed].slice(0, -1).join('')}) : state;
    case 'typedAccept':
      if (dialog?.kind !== 'prune' || dialog.typed.trim() !== 'prune') return state;
      return startRemoving(state, pruneRows(state, dialog.scope).map((row) => row.volume.name));
    case 'removed': {
      if (dialog?.kind !== 'running' || dialog.seq !== action.seq) return state;
      const outcomes = [...dialog.outcomes, action.outcome];
      const why = action.why === undefined ? dialog.why : new Map(dialog.why).set(action.outcome.name, action.why);
      const running = {...dialog, outcomes, why};
      if (outcomes.length < dialog.names.length) return withDialog(state, running);
      const reclaimed = outcomes.reduce((sum, o) => sum + (o.removed ? Math.max(0, dialog.sizes.get(o.name) ?? 0) : 0), 0);
      return withDialog(state, {kind: 'summary', outcomes, reclaimed, why: running.why});
    }
    case 'restoreAsk':
      return withDialog(state, {kind: 'restorePrompt', file: '', volume: '', field: 0});
    case 'restoreFinished':
      if (dialog?.kind !== 'restoring' || dialog.seq !== action.seq) return state;
      return withDialog(state, {kind: 'restoreDone', outcome: action.outcome});
    case 'formField':
      if (dialog?.kind === 'restorePrompt') return withDialog(state, {...dialog, field: dialog.field === 0 ? 1 : 0});
      if (dialog?.kind !== 'create') return state;
      return withDialog(state, {...dialog, field: (dialog.field + action.delta + CREATE_FIELDS.length) % CREATE_FIELDS.length});
    case 'formType':
    case 'formErase': {
      if (dialog?.kind === 'restorePrompt') {
        const key = dialog.field === 0 ? 'file' : 'volume';
        const current = dialog[key];
        const next = action.type === 'formType' ? current + action.text : action.all ? '' : [...current].slice(0, -1).join('');
        return withDialog(state, {...dialog, [key]: next, error: undefined});
      }
      if (dialog?.kind !== 'create' || dialog.submitting) return state;
      const key = CREATE_FIELDS[dialog.field]!.key;
      const current = dialog.fields[key];
      const next = action.type === 'formType' ? current + action.text : action.all ? '' : [...current].slice(0, -1).join('');
      return withDialog(state, {...dialog, fields: {...dialog.fields, [key]: next}, error: undefined});
    }
    case 'formSubmit': {
      if (dialog?.kind === 'restorePrompt') {
        const file = dialog.file.trim();
        const volume = dialog.volume.trim();
        const problem = !file ? 'Which backup file? Type its path.' : volumeNameProblem(volume);
        if (problem) return withDialog(state, {...dialog, error: problem});
        const seq = state.seq + 1;
        return {...state, seq, dialog: {kind: 'restoring', seq, file, volume}};
      }
      if (dialog?.kind !== 'create' || dialog.submitting) return state;
      const {name, labels, options} = dialog.fields;
      const problem =
        volumeNameProblem(name.trim()) ??
        (parsePairs(labels) ? undefined : 'Labels: write key=value pairs, separated by commas.') ??
        (parsePairs(options) ? undefined : 'Driver options: write key=value pairs, separated by commas.');
      if (problem) return withDialog(state, {...dialog, error: problem});
      const seq = state.seq + 1;
      return {...state, seq, dialog: {...dialog, submitting: seq, error: undefined}};
    }
    case 'created':
      if (dialog?.kind !== 'create' || dialog.submitting !== action.seq) return state;
      // The engine's own words when it refuses; the form stays so nothing typed is lost.
      return withDialog(state, action.error ? {...dialog, submitting: undefined, error: action.error} : undefined);
    case 'backupAsk': {
      const rows = removalRows(state);
      if (rows.length === 0) return state;
      const stamp = utcStamp(new Date(action.nowMs));
      const running = rows.filter((row) => row.containers.some((c) => c.running));
      const warning = running.length
        ? `In use by running containers (${running.flatMap((row) => row.containers.filter((c) => c.running).map((c) => c.name)).join(', ')}): files changing during the copy may be inconsistent; stop them first for a consistent backup.`
        : undefined;
      const names = rows.map((row) => row.volume.name);
      // One volume: a file name; several: a folder, each file named after its volume.
      const text = names.length === 1 ? `./${defaultBackupName(names[0]!, stamp)}` : '.';
      return withDialog(state, {kind: 'backupPrompt', names, text, stamp, stop: false, ...(warning ? {warning} : {})});
    }
    case 'cloneAsk': {
      const row = selectedRow(state);
      return row ? withDialog(state, {kind: 'clonePrompt', source: row.volume.name, text: `${row.volume.name}-copy`, labels: true}) : state;
    }
    case 'pathToggle':
      if (dialog?.kind === 'clonePrompt') return withDialog(state, {...dialog, labels: !dialog.labels});
      if (dialog?.kind === 'backupPrompt' && dialog.warning) return withDialog(state, {...dialog, stop: !dialog.stop});
      return state;
    case 'pathType':
      if (dialog?.kind !== 'backupPrompt' && dialog?.kind !== 'clonePrompt') return state;
      return withDialog(state, {...dialog, text: dialog.text + action.text, ...(dialog.kind === 'clonePrompt' ? {error: undefined} : {})});
    case 'pathErase':
      if (dialog?.kind !== 'backupPrompt' && dialog?.kind !== 'clonePrompt') return state;
      return withDialog(state, {...dialog, text: action.all ? '' : [...dialog.text].slice(0, -1).join('')});
    case 'cloneFinished':
      if (dialog?.kind !== 'cloning' || dialog.seq !== action.seq) return state;
      return withDialog(state, {kind: 'cloneDone', outcome: action.outcome});
    case 'pathAccept': {
      if (dialog?.kind === 'clonePrompt') {
        const target = dialog.text.trim();
        const problem = volumeNameProblem(target) ?? (state.rows.some((row) => row.volume.name === target) ? `A volume named ${target} exists already: choose a new name.` : undefined);
        if (problem) return withDialog(state, {...dialog, error: problem});
        const seq = state.seq + 1;
        return {...state, seq, dialog: {kind: 'cloning', seq, source: dialog.source, target, labels: dialog.labels}};
      }
      if (dialog?.kind !== 'backupPrompt' || !dialog.text.trim()) return state;
      const seq = state.seq + 1;
      const target = dialog.text.trim();
      const jobs = dialog.names.map((name) => ({
        name,
        path: dialog.names.length === 1 ? target : `${target.replace(/\/+$/, '')}/${defaultBackupName(name, dialog.stamp)}`,
        expected: state.rows.find((row) => row.volume.name === name)?.size ?? undefined,
      }));
      return {...state, seq, dialog: {kind: 'backingUp', seq, jobs, results: [], cancelled: false, stop: dialog.stop}};
    }
    case 'backupProgress':
      if (dialog?.kind !== 'backingUp' || dialog.seq !== action.seq) return state;
      return withDialog(state, {...dialog, progress: {rawBytes: action.rawBytes, writtenBytes: action.writtenBytes, startedMs: action.startedMs}});
    case 'backupFinished': {
      if (dialog?.kind !== 'backingUp' || dialog.seq !== action.seq) return state;
      const results = [...dialog.results, action.outcome];
      if (results.length < dialog.jobs.length && !dialog.cancelled) return withDialog(state, {...dialog, results, progress: undefined});
      return withDialog(state, {kind: 'backupDone', results});
    }
    default:
      return state;
  }
}

function withDialog(state: AppState, dialog: Dialog | undefined): AppState {
  return {...state, dialog};
}

function startRemoving(state: AppState, names: readonly string[]): AppState {
  if (names.length === 0) return withDialog(state, undefined);
  const seq = state.seq + 1;
  const sizes = new Map(state.rows.filter((row) => names.includes(row.volume.name)).map((row) => [row.volume.name, row.size]));
  const marks = new Set([...state.marks].filter((name) => !names.includes(name)));
  return {...state, seq, marks, dialog: {kind: 'running', names: [...names], sizes, outcomes: [], why: new Map(), seq}};
}
