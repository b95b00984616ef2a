/**
 * How the terminal's rows are shared out, in one place for the reducers (page sizes, scroll limits)
 * and the components (heights). `pageSize` is the number of volume-table rows.
 */

/** Lines around the volume table's rows: header + rule, filter line, status line, hint line. */
export const CHROME_LINES = 5;

/** The frame stays one row below the terminal's: Ink clears the whole screen on every frame that reaches the last row (seen with Ink 6; the margin is kept on 8). */
export function frameHeight(rows: number): number {
  return Math.max(1, rows - 1);
}

/** Volume rows that fit in a terminal this tall. */
export function tablePageSize(rows: number): number {
  return Math.max(1, frameHeight(rows) - CHROME_LINES);
}

/** Lines under the mounts table for the selected mount's containers. */
export const MOUNT_DETAIL_LINES = 4;

/** The mounts table: the volume table's rows less the selected mount's detail lines and their rule. */
export function mountsPageSize(pageSize: number): number {
  return Math.max(1, pageSize - MOUNT_DETAIL_LINES - 1);
}

/** The file table has a breadcrumb line above it: one row fewer. */
export function browserPageSize(pageSize: number): number {
  return Math.max(1, pageSize - 1);
}

/** The file browser's height for its rows: breadcrumb, column header and rule above them. */
export function browserHeight(browserRows: number): number {
  return browserRows + 3;
}

/** The file preview has no column header and no rule: the table's rows. */
export function previewHeight(pageSize: number): number {
  return pageSize;
}

/** A dialog or the engine picker takes the table's place, header and rule included. */
export function overlayHeight(pageSize: number): number {
  return pageSize + 2;
}

/** Help also takes the filter line, which is not drawn under it. */
export function helpHeight(pageSize: number): number {
  return pageSize + 1;
}

/** Lines a dialog's list of volumes may use: its height less the title, total, command, buttons (and prune's scope line). */
export function dialogListRoom(pageSize: number, dialog: 'remove' | 'prune'): number {
  return Math.max(1, overlayHeight(pageSize) - (dialog === 'prune' ? 7 : 6));
}

/** Contexts the engine picker lists at once: its height less the title, the column header, a gap and the status line. */
export function pickerRoom(pageSize: number): number {
  return Math.max(1, overlayHeight(pageSize) - 4);
}
