import {Box, Text} from 'ink';
import {type StatusFacts, statusLines} from './lines.js';

export type StatusBarProps = StatusFacts;

/** Two lines at the bottom: totals, sizes and the connection; then the error, a notice or the key hints. */
export function StatusBar(props: StatusBarProps) {
  const [line, second] = statusLines(props);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">{line}</Text>
      <Text wrap="truncate-end">{second}</Text>
    </Box>
  );
}
