/** Symbols the UI draws; ASCII stand-ins for terminals whose locale is not UTF-8 (box glyphs turn into `?`). */
export interface Glyphs {
  readonly ellipsis: string;
  readonly running: string;
  readonly stopped: string;
  readonly anonymous: string;
  readonly ascending: string;
  readonly descending: string;
  readonly rule: string;
  readonly separator: string;
  readonly connected: string;
  readonly disconnected: string;
  readonly arrow: string;
  readonly barFull: string;
  readonly barEmpty: string;
  readonly mark: string;
  /** Before the name of a volume an operation left half-done. */
  readonly warning: string;
  /** Between figures on the status line. */
  readonly dot: string;
}

export const UNICODE_GLYPHS: Glyphs = {
  ellipsis: '…',
  running: '●',
  stopped: '○',
  anonymous: '◌',
  ascending: '▲',
  descending: '▼',
  rule: '─',
  separator: '│',
  connected: '●',
  disconnected: '✕',
  arrow: '→',
  barFull: '█',
  barEmpty: '░',
  mark: '✓',
  warning: '⚠',
  dot: '·',
};

export const ASCII_GLYPHS: Glyphs = {
  ellipsis: '...',
  running: '*',
  stopped: '-',
  anonymous: '~',
  ascending: '^',
  descending: 'v',
  rule: '-',
  separator: '|',
  connected: '+',
  disconnected: 'x',
  arrow: '->',
  barFull: '#',
  barEmpty: '.',
  mark: '*',
  warning: '!',
  dot: '-',
};

/** UTF-8 when the first set of LC_ALL, LC_CTYPE, LANG says so; POSIX/C or nothing means ASCII. */
export function localeIsUtf8(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}
