import {childPath, pathKey} from '../../model/files.js';
import {edit, fieldOf} from '../../model/text-field.js';
import type {EditOp} from '../../model/text-field.js';
import type {ExportAction} from '../actions.js';
import {type BrowserState, selectedEntry} from '../browser-state.js';
import type {AppState} from '../state.js';

/**
 * Exporting a file or directory out of the browser to a local path: where to, then — when
 * something is there — whether to replace it. The copy itself is the app's (use-browser-session).
 */
export function exportContext(browser: BrowserState): 'export' | 'replace' | undefined {
  if (!browser.prompt) return undefined;
  return browser.prompt.confirmReplace ? 'replace' : 'export';
}

export function editExportPath(browser: BrowserState, op: EditOp): BrowserState {
  const prompt = browser.prompt;
  if (!prompt || prompt.confirmReplace) return browser;
  const destination = edit(prompt.destination, op);
  return destination === prompt.destination ? browser : {...browser, prompt: {...prompt, destination}};
}

export function reduceExport(state: AppState, b: BrowserState, action: ExportAction): AppState {
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  switch (action.type) {
    case 'exportOpen':
      return set(openPrompt(b));
    case 'exportCancel':
      return b.prompt ? set({...b, prompt: undefined}) : state;
    case 'exportAccept':
      return b.prompt && !b.prompt.confirmReplace && b.prompt.destination.text.trim()
        ? start(state, b, b.prompt.destination.text.trim(), false)
        : state;
    case 'replaceYes':
      return b.prompt?.confirmReplace ? start(state, b, b.prompt.confirmReplace, true) : state;
    case 'replaceNo':
      return b.prompt?.confirmReplace ? set({...b, prompt: {...b.prompt, confirmReplace: undefined}}) : state;
    case 'exportProgress':
      return b.exporting?.seq === action.seq ? set({...b, exporting: {...b.exporting, bytes: action.bytes}}) : state;
    case 'exportExists': {
      const run = b.exporting;
      if (run?.seq !== action.seq) return state;
      return set({
        ...b,
        exporting: undefined,
        prompt: {
          path: run.path,
          entry: run.entry,
          destination: fieldOf(run.destination),
          confirmReplace: action.destination,
        },
      });
    }
    case 'exportDone': {
      const run = b.exporting;
      if (run?.seq !== action.seq) return state;
      const text = action.error
        ? `Export of ${run.entry.name} failed: ${action.error}`
        : `Exported ${run.entry.name} to ${action.destination} (${action.bytes.toLocaleString('en-US')} bytes of archive).`;
      return set({...b, exporting: undefined, notice: {text, tone: action.error ? 'error' : 'info'}});
    }
  }
}

function openPrompt(b: BrowserState): BrowserState {
  if (b.exporting) return b;
  const entry = b.preview?.entry ?? selectedEntry(b);
  if (!entry) return b;
  const path = b.preview?.path ?? childPath(b.path, entry.raw);
  // The default keeps the name; a name that cannot be a local name as is (escapes) is for the user to edit.
  return {...b, prompt: {path, entry, destination: fieldOf(`./${entry.name.replace(/[\u0000-\u001f\u007f]/g, '_')}`)}};
}

function start(state: AppState, b: BrowserState, destination: string, overwrite: boolean): AppState {
  const prompt = b.prompt;
  if (!prompt) return state;
  const seq = state.seq + 1;
  const scan = b.usage.get(pathKey(prompt.path.slice(0, -1)));
  const expected = prompt.entry.kind === 'file' ? prompt.entry.size : scan?.bytes.get(prompt.entry.key);
  return {
    ...state,
    seq,
    browser: {
      ...b,
      prompt: undefined,
      notice: undefined,
      exporting: {path: prompt.path, entry: prompt.entry, destination, overwrite, seq, bytes: 0, expected},
    },
  };
}
