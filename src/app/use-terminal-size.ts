import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/**
 * Ink re-lays out on resize but does not re-render hooks that depend on the size, so we listen
 * ourselves. Test streams have no rows: default to a classic 80x24.
 */
export function useTerminalSize(): TerminalSize {
  // Ink 8 types it as a plain writable; a terminal's has columns and rows, a test stream may not.
  const stdout = useStdout().stdout as NodeJS.WritableStream &
    Partial<Pick<NodeJS.WriteStream, 'columns' | 'rows'>> &
    NodeJS.EventEmitter;
  const read = (): TerminalSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => {
      const next = read();
      setSize((current) => (current.columns === next.columns && current.rows === next.rows ? current : next));
    };
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}
