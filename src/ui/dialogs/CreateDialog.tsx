import {Box, Text} from 'ink';
import type {CreateDialog as Create} from '../../app/dialogs/create.js';
import {CREATE_FIELDS} from '../../model/create-form.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {DialogFrame} from './parts.js';

/** `n`: the new volume's name, driver, labels and options; the engine's refusal shown in its words. */
export function CreateDialog({dialog, frame}: {dialog: Create; frame: DialogFrame}) {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  return (
    <Box flexDirection="column" height={height}>
      <Text
        bold
      >{`New volume${frame.engines.length > 1 ? ` on ${sanitize(dialog.engine)} (Ctrl+T: next engine)` : ''}`}</Text>
      {CREATE_FIELDS.map((field, index) => {
        const value = dialog.fields[field.key];
        const active = index === dialog.field;
        return (
          <Text key={field.key} wrap="truncate-end">
            <Text
              color={active ? theme.color('accent') : muted}
            >{`${active ? '›' : ' '} ${field.label.padEnd(15)}`}</Text>
            <TextInput field={value} focused={active} />
            {!value.text && !active ? <Text color={muted}>{field.placeholder}</Text> : null}
          </Text>
        );
      })}
      {dialog.error ? (
        <Text color={theme.color('danger')} wrap="wrap">
          {sanitize(dialog.error)}
        </Text>
      ) : (
        <Text> </Text>
      )}
      <Text color={muted}>
        {dialog.submitting ? `Creating${theme.glyphs.ellipsis}` : 'Enter creates, Tab / ↓ next field, Esc cancels'}
      </Text>
    </Box>
  );
}
