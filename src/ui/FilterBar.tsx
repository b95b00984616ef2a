import {Text} from 'ink';
import type {TextField} from '../model/text-field.js';
import {TextInput} from './TextInput.js';
import type {Theme} from './theme.js';

export interface FilterBarProps {
  readonly filter: TextField;
  readonly editing: boolean;
  readonly unusedOnly: boolean;
  readonly shown: number;
  readonly total: number;
  readonly theme: Theme;
}

/** One line, always present, so the table does not jump when a filter starts. */
export function FilterBar({filter, editing, unusedOnly, shown, total, theme}: FilterBarProps) {
  if (!editing && !filter.text && !unusedOnly) return <Text> </Text>;
  const showText = editing || filter.text !== '';
  return (
    <Text wrap="truncate-end">
      {showText ? (
        <Text color={theme.color('accent')}>
          /<TextInput field={filter} focused={editing} />
        </Text>
      ) : null}
      {unusedOnly ? <Text color={theme.color('accent')}>{showText ? '  ' : ''}[unused only]</Text> : null}
      <Text
        color={theme.color('muted')}
      >{`  ${shown} of ${total} shown${editing ? '  (Enter keeps, Esc clears)' : ''}`}</Text>
    </Text>
  );
}
