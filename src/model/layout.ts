/**
 * Column layout as data: each column has a minimum width, an optional preferred width it grows to,
 * and a priority; when the terminal is too narrow the lowest-priority columns go first, and what is
 * left over goes to the flexible columns.
 */
export interface ColumnSpec<Id extends string = string> {
  readonly id: Id;
  readonly header: string;
  readonly minWidth: number;
  /** Width it grows to before flexible columns take the rest; defaults to minWidth. */
  readonly preferredWidth?: number;
  /** Takes a share of the remaining width (name and containers). */
  readonly flex?: number;
  /** Higher survives longer as the terminal narrows. */
  readonly priority: number;
  /**
   * Essential columns are only dropped when even their minimum does not fit; the others go as
   * soon as the columns cannot all have their preferred width, so nothing is cramped.
   */
  readonly essential?: boolean;
  readonly align?: 'left' | 'right';
}

export interface LaidOutColumn<Id extends string = string> extends ColumnSpec<Id> {
  readonly width: number;
}

/** One space between columns. */
export const COLUMN_GAP = 1;

export function layoutColumns<Id extends string>(
  specs: readonly ColumnSpec<Id>[],
  totalWidth: number,
): LaidOutColumn<Id>[] {
  let kept = [...specs];
  const gaps = (cols: readonly ColumnSpec[]) => COLUMN_GAP * Math.max(0, cols.length - 1);
  const minimum = (cols: readonly ColumnSpec[]) => cols.reduce((sum, c) => sum + c.minWidth, 0) + gaps(cols);
  const preferred = (cols: readonly ColumnSpec[]) =>
    cols.reduce((sum, c) => sum + (c.preferredWidth ?? c.minWidth), 0) + gaps(cols);
  const dropWeakest = (candidates: readonly ColumnSpec<Id>[]) => {
    const weakest = candidates.reduce((low, c) => (c.priority < low.priority ? c : low));
    kept = kept.filter((c) => c !== weakest);
  };
  while (preferred(kept) > totalWidth && kept.some((c) => !c.essential)) dropWeakest(kept.filter((c) => !c.essential));
  while (kept.length > 1 && minimum(kept) > totalWidth) dropWeakest(kept);
  const widths = new Map<Id, number>(kept.map((c) => [c.id, c.minWidth]));
  let spare = totalWidth - minimum(kept);
  // Grow fixed columns to their preferred width in priority order, then share the rest.
  for (const c of [...kept].sort((a, b) => b.priority - a.priority)) {
    const grow = Math.min(spare, (c.preferredWidth ?? c.minWidth) - c.minWidth);
    if (grow > 0) {
      widths.set(c.id, c.minWidth + grow);
      spare -= grow;
    }
  }
  const flexible = kept.filter((c) => c.flex);
  const shares = flexible.reduce((sum, c) => sum + (c.flex ?? 0), 0);
  let handedOut = 0;
  flexible.forEach((c, index) => {
    const share = index === flexible.length - 1 ? spare - handedOut : Math.floor((spare * (c.flex ?? 0)) / shares);
    handedOut += share;
    widths.set(c.id, (widths.get(c.id) ?? 0) + share);
  });
  return kept.map((c) => ({...c, width: Math.max(0, widths.get(c.id) ?? c.minWidth)}));
}
