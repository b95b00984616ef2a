/**
 * Lines added and removed between two texts, for the question after an edit: the common lines at
 * both ends are set aside and what is left on each side counts. Not a minimal diff (a moved line
 * counts twice), which is enough to say "3 lines added, 1 removed".
 */
export function lineChanges(before: string, after: string): {added: number; removed: number} {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return {added: b.length - start - end, removed: a.length - start - end};
}
