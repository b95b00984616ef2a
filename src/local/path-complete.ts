import {readdir} from 'node:fs/promises';
import {homedir} from 'node:os';
import {join} from 'node:path';

/**
 * Tab in a prompt that names a path here: the longest completion of the last part among the
 * entries of its folder (a folder alone gains its `/`). Nothing found, or nothing to add: the
 * text as it was. `~/` is home, as the shell has it.
 */
export async function completePath(text: string): Promise<string> {
  const cut = text.lastIndexOf('/') + 1;
  const folderText = text.slice(0, cut);
  const partial = text.slice(cut);
  const folder =
    folderText === '' ? '.' : folderText.startsWith('~/') ? join(homedir(), folderText.slice(2)) : folderText;
  const entries = await readdir(folder, {withFileTypes: true}).catch(() => []);
  // Hidden entries only when asked for with a leading dot, as shells complete.
  const matches = entries.filter(
    (e) => e.name.startsWith(partial) && (partial.startsWith('.') || !e.name.startsWith('.')),
  );
  if (matches.length === 0) return text;
  if (matches.length === 1) {
    const only = matches[0]!;
    return `${folderText}${only.name}${only.isDirectory() ? '/' : ''}`;
  }
  let common = matches[0]!.name;
  for (const match of matches) while (!match.name.startsWith(common)) common = common.slice(0, -1);
  return `${folderText}${common.length > partial.length ? common : partial}`;
}
