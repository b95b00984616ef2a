import {Text} from 'ink';
import {sanitize} from '../model/sanitize.js';
import {splitAtCursor, type TextField} from '../model/text-field.js';

/**
 * A line being typed, the cursor drawn as an inverse cell on the character it stands on (a space
 * at the end). `focused` false draws the text alone. Typed text is sanitized like any other.
 */
export function TextInput({field, focused = true}: {field: TextField; focused?: boolean}) {
  if (!focused) return <>{sanitize(field.text)}</>;
  const {before, at, after} = splitAtCursor(field);
  return (
    <>
      {sanitize(before)}
      <Text inverse>{at ? sanitize(at) : ' '}</Text>
      {sanitize(after)}
    </>
  );
}
