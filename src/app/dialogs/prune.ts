import type {PruneScope} from '../../model/cleanup.js';
import {refOf} from '../../model/engines.js';
import {scroll as scrollList} from '../../model/list-view.js';
import {dialogListRoom} from '../../model/screen-layout.js';
import {EMPTY_FIELD, type TextField} from '../../model/text-field.js';
import {pruneRows} from '../selectors.js';
import {type DialogFlow, type DialogHost, editField, withDialog} from './flow.js';
import {startRemoving} from './remove.js';

/** The prune preview: exactly the rows that will go; the named ones only after `prune` is typed. */
export interface PruneDialog {
  readonly kind: 'prune';
  readonly scope: PruneScope;
  readonly focus: 'cancel' | 'confirm';
  readonly typed: TextField;
  readonly scroll: number;
}

export function openPrune<S extends DialogHost>(state: S): S {
  return withDialog(state, {kind: 'prune', scope: 'anonymous', focus: 'cancel', typed: EMPTY_FIELD, scroll: 0});
}

const candidates = (state: DialogHost, scope: PruneScope) => pruneRows(state, scope).map(refOf);

export const prune: DialogFlow<PruneDialog> = {
  context: (dialog) => (dialog.scope === 'all' ? 'pruneAll' : 'prune'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'pruneScope':
        return withDialog(state, {
          ...dialog,
          scope: dialog.scope === 'all' ? 'anonymous' : 'all',
          focus: 'cancel',
          typed: EMPTY_FIELD,
          scroll: 0,
        });
      case 'dialogFocus':
        return withDialog(state, {...dialog, focus: dialog.focus === 'cancel' ? 'confirm' : 'cancel'});
      case 'dialogScroll': {
        const scroll = scrollList(
          dialog.scroll,
          action.delta,
          pruneRows(state, dialog.scope).length,
          dialogListRoom(state.pageSize, 'prune'),
        );
        return scroll === dialog.scroll ? state : withDialog(state, {...dialog, scroll});
      }
      case 'dialogPress':
        // Enter on a button: only the anonymous scope has buttons.
        if (dialog.scope !== 'anonymous') return state;
        return dialog.focus === 'confirm'
          ? startRemoving(state, candidates(state, 'anonymous'))
          : withDialog(state, undefined);
      case 'edit': {
        if (dialog.scope !== 'all') return state;
        return editField(state, dialog, 'typed', action.op);
      }
      case 'dialogSubmit':
        return dialog.scope === 'all' && dialog.typed.text.trim() === 'prune'
          ? startRemoving(state, candidates(state, 'all'))
          : state;
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};
