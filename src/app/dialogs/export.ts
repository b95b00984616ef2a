import {archiveName, childPath, pathKey} from '../../model/files.js';
import {edit, fieldOf} from '../../model/text-field.js';
import type {EditOp} from '../../model/text-field.js';
import type {ExportAction} from '../actions.js';
import {parseBackupName} from '../../model/backup-manifest.js';
import {type BrowserState, chosenPaths, selectedEntry} from '../browser-state.js';
import type {ExportRequest} from '../jobs/job.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import type {AppState} from '../state.js';

/**
 * Exporting a file or directory out of the browser to a local path: where to, then — when
 * something is there — whether to replace it. The copy itself is a job (app/jobs), run through the
 * engine's VolumeJobs port like a backup.
 */
export function exportContext(browser: BrowserState): 'export' | 'replace' | undefined {
  if (!browser.prompt) return undefined;
  return browser.prompt.confirmReplace ? 'replace' : 'export';
}

export function editExportPath(browser: BrowserState, op: EditOp): BrowserState {
  const prompt = browser.prompt;
  // While the disk is asked about the path typed, the path stays as asked about.
  if (!prompt || prompt.confirmReplace || prompt.checking !== undefined) return browser;
  const destination = edit(prompt.destination, op);
  return destination === prompt.destination ? browser : {...browser, prompt: {...prompt, destination}};
}

/** Esc aborts the export: nothing is left under the final name. */
export const exportJob: JobSpec<'export'> = {kind: 'export', cancellable: true};

export function reduceExport(state: AppState, b: BrowserState, action: ExportAction): AppState {
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  const prompt = b.prompt;
  switch (action.type) {
    case 'exportOpen':
      return set(openPrompt(b));
    case 'exportCancel':
      return prompt ? set({...b, prompt: undefined}) : state;
    case 'exportAccept': {
      // First whether something is there (the app asks the local disk); the answer comes as exportChecked.
      if (!prompt || prompt.confirmReplace || prompt.checking !== undefined || !prompt.destination.text.trim())
        return state;
      // Out of a backup the destination is a folder to put files in: files already there are named by the job.
      if (b.archive) return start(state, b, prompt.destination.text.trim(), false);
      const seq = state.seq + 1;
      return {...state, seq, browser: {...b, prompt: {...prompt, checking: seq}}};
    }
    case 'exportChecked': {
      if (!prompt || prompt.checking !== action.seq) return state;
      const destination = prompt.destination.text.trim();
      if (action.exists) return set({...b, prompt: {...prompt, checking: undefined, confirmReplace: destination}});
      return start(state, b, destination, false);
    }
    case 'replaceYes':
      return prompt?.confirmReplace ? start(state, b, prompt.confirmReplace, true) : state;
    case 'replaceNo':
      return prompt?.confirmReplace ? set({...b, prompt: {...prompt, confirmReplace: undefined}}) : state;
  }
}

function openPrompt(b: BrowserState): BrowserState {
  const entry = b.preview?.entry ?? selectedEntry(b);
  if (!entry) return b;
  const path = b.preview?.path ?? childPath(b.path, entry.raw);
  if (b.archive) {
    const named = parseBackupName(b.archive.slice(b.archive.lastIndexOf('/') + 1));
    return {...b, prompt: {path, entry, destination: fieldOf(`./${named?.volume ?? 'extracted'}`)}};
  }
  // The default keeps the name; a name that cannot be a local name as is (escapes) is for the user to edit.
  return {...b, prompt: {path, entry, destination: fieldOf(`./${entry.name.replace(/[\u0000-\u001f\u007f]/g, '_')}`)}};
}

/** The export becomes a job (app/jobs): its dialog over the browser, with progress and Esc; OK goes back to the browser. */
function start(state: AppState, b: BrowserState, destination: string, overwrite: boolean): AppState {
  const prompt = b.prompt;
  if (!prompt) return state;
  const scan = b.usage.get(pathKey(prompt.path.slice(0, -1)));
  const expected = prompt.entry.kind === 'file' ? prompt.entry.size : scan?.bytes.get(prompt.entry.key);
  const request: ExportRequest = {
    engine: b.engine,
    volume: b.volume,
    bind: b.bind ?? false,
    path: prompt.path,
    name: prompt.entry.name,
    destination,
    overwrite,
    expected,
    ...(b.archive ? {archive: {text: b.archive, paths: b.preview ? [archiveName(prompt.path)] : chosenPaths(b)}} : {}),
  };
  return startJob({...state, browser: {...b, prompt: undefined, notice: undefined}}, exportJob, [request]);
}
