import {Box} from 'ink';
import {type ReactElement, useMemo} from 'react';
import type {VolumeRow} from '../model/types.js';
import type {AppState} from '../app/state.js';
import type {ScreenModel} from '../app/use-volscope.js';
import {
  browserPageSize,
  mountsPageSize,
  dialogListRoom,
  frameHeight,
  helpHeight,
  overlayHeight,
  pickerRoom,
  previewHeight,
} from '../model/screen-layout.js';
import {fleetStatus} from '../model/fleet.js';
import {summarize} from '../model/summary.js';
import {BrowserBar} from './BrowserBar.js';
import {DialogView} from './dialogs/DialogView.js';
import {DetailPane} from './DetailPane.js';
import {EnginePicker} from './EnginePicker.js';
import {FileBrowser} from './FileBrowser.js';
import {FilePreview} from './FilePreview.js';
import {FilterBar} from './FilterBar.js';
import {HelpOverlay} from './HelpOverlay.js';
import {MountsView} from './MountsView.js';
import {StatusBar} from './StatusBar.js';
import {growerText, marksTotal, statusFacts} from './status-facts.js';
import type {Theme} from './theme.js';
import {VolumeTable} from './VolumeTable.js';

/**
 * What of the app's state the frame reads: the views and what they show. Effect requests (seq
 * numbers, the terminal request, quit) are the state container's and never reach the screen.
 */
export type ScreenState = Pick<
  AppState,
  | 'view'
  | 'recentTargets'
  | 'helpFor'
  | 'helpScroll'
  | 'detailsScroll'
  | 'filter'
  | 'filterEditing'
  | 'unusedOnly'
  | 'sort'
  | 'rows'
  | 'visible'
  | 'selectedKey'
  | 'top'
  | 'pageSize'
  | 'engines'
  | 'mounts'
  | 'browser'
  | 'marks'
  | 'dialog'
  | 'picker'
  | 'readOnly'
  | 'blank'
  | 'notice'
  | 'series'
  | 'growthWindow'
  | 'historyNote'
>;

export interface ScreenProps extends Omit<ScreenModel, 'state'> {
  readonly state: ScreenState;
  readonly theme: Theme;
}

/**
 * The whole frame. Its height stays one below the terminal's: Ink (6, and kept on 8) clears the whole screen on
 * every frame that reaches the last row (flicker, and over SSH a full repaint each time).
 */
export function Screen({
  state,
  selected: row,
  pruneList,
  columns,
  rows,
  hints,
  nowMs,
  pendingClockMs,
  theme,
}: ScreenProps) {
  const data = useMemo(() => fleetStatus(state.engines), [state.engines]);
  const sizesKnown = data.sizesKnown;
  const summary = useMemo(() => summarize(state.rows, sizesKnown), [state.rows, sizesKnown]);
  const {rows: allRows, engines, growthWindow, marks: marked} = state;
  const grower = useMemo(() => growerText({rows: allRows, engines, growthWindow}), [allRows, engines, growthWindow]);
  const marks = useMemo(() => marksTotal({marks: marked, rows: allRows}), [marked, allRows]);
  // After `fg` the terminal shows the shell: one empty frame, then the full one is written whole.
  if (state.blank) return <Box width={columns} height={frameHeight(rows)} />;
  return (
    <Box flexDirection="column" width={columns} height={frameHeight(rows)}>
      <MainPane
        state={state}
        row={row}
        pruneList={pruneList}
        columns={columns}
        nowMs={nowMs}
        listed={data.listed}
        theme={theme}
      />
      <LineAboveStatus state={state} theme={theme} />
      <StatusBar {...statusFacts(state, {data, summary, grower, marks}, {hints, columns, pendingClockMs, theme})} />
    </Box>
  );
}

interface PaneProps {
  readonly state: ScreenState;
  readonly row: VolumeRow | undefined;
  readonly pruneList: ScreenProps['pruneList'];
  readonly columns: number;
  readonly nowMs: number;
  readonly listed: boolean;
  readonly theme: Theme;
}

/** What fills the screen above the bars, by priority: help, the engine picker, a dialog, the browser, a view, the table. */
function MainPane({state, row, pruneList, columns, nowMs, listed, theme}: PaneProps): ReactElement {
  const page = state.pageSize;
  const browser = state.view === 'browser' ? state.browser : undefined;
  if (state.helpFor) {
    return (
      <HelpOverlay
        context={state.helpFor}
        readOnly={state.readOnly}
        height={helpHeight(page)}
        width={columns}
        scroll={state.helpScroll}
        theme={theme}
      />
    );
  }
  if (state.picker) {
    return (
      <EnginePicker
        picker={state.picker}
        height={overlayHeight(page)}
        room={pickerRoom(page)}
        width={columns}
        theme={theme}
      />
    );
  }
  if (state.dialog) {
    const {rows, engines, readOnly} = state;
    return (
      <DialogView
        dialog={state.dialog}
        pruneList={pruneList}
        recentTargets={state.recentTargets}
        listRoom={dialogListRoom(page, state.dialog.kind === 'prune' ? 'prune' : 'remove')}
        frame={{height: overlayHeight(page), width: columns, theme, rows, engines, readOnly}}
      />
    );
  }
  if (browser?.preview) {
    return (
      <FilePreview
        volume={browser.volume}
        preview={browser.preview}
        height={previewHeight(page)}
        width={columns}
        theme={theme}
      />
    );
  }
  if (browser) return <FileBrowser browser={browser} pageSize={browserPageSize(page)} width={columns} theme={theme} />;
  if (state.view === 'mounts' && state.mounts) {
    return (
      <MountsView
        mounts={state.mounts}
        pageSize={mountsPageSize(page)}
        manyEngines={state.engines.length > 1}
        width={columns}
        theme={theme}
      />
    );
  }
  if (state.view === 'details' && row) {
    return (
      <DetailPane
        row={row}
        scroll={state.detailsScroll}
        height={page}
        width={columns}
        theme={theme}
        dockerFlags={state.engines.find((e) => e.name === row.engine)?.dockerFlags ?? ''}
        series={state.series}
      />
    );
  }
  return (
    <VolumeTable
      visible={state.visible}
      totalCount={state.rows.length}
      top={state.top}
      pageSize={page}
      selectedKey={state.selectedKey}
      engines={state.engines}
      sort={state.sort}
      marks={state.marks}
      filter={state.filter.text}
      unusedOnly={state.unusedOnly}
      loading={!listed}
      width={columns}
      nowMs={nowMs}
      growthWindow={state.growthWindow}
      theme={theme}
    />
  );
}

/** The line between the pane and the status line: the browser's bar, the mounts filter, or the table's filter (none under help). */
function LineAboveStatus({state, theme}: {state: ScreenState; theme: Theme}): ReactElement | null {
  const browser = state.view === 'browser' ? state.browser : undefined;
  if (browser) return <BrowserBar browser={browser} theme={theme} />;
  if (state.helpFor) return null;
  if (state.view === 'mounts' && state.mounts && !state.dialog && !state.picker) {
    return (
      <FilterBar
        filter={state.mounts.filter}
        editing={state.mounts.filterEditing}
        unusedOnly={false}
        shown={state.mounts.rows.length}
        total={state.mounts.total}
        theme={theme}
      />
    );
  }
  return (
    <FilterBar
      filter={state.filter}
      editing={state.filterEditing}
      unusedOnly={state.unusedOnly}
      shown={state.visible.length}
      total={state.rows.length}
      theme={theme}
    />
  );
}
