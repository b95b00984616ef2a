/**
 * The helper scripts of a copy into or out of a volume and of an edit in place. The path arrives
 * as "$1" (octal-escaped, model/files.ts encodePathArg) and is walked one part at a time from
 * /volume: every link on the way is resolved by realpath inside the helper and must stay inside
 * the volume, so nothing is read or written through a link that leads out (into the helper's own
 * file system, which vanishes with it). A refusal is NUL-separated words on stdout and an exit code.
 */

/** Walks all parts but the last: $q is the physical folder they lead to, $last the last part. */
const WALK =
  'p=$(printf "$1"; echo .); p=${p%.}; q=/volume; last=; ' +
  'resolve() { r=$(realpath "$1" 2>/dev/null; echo .); r=${r%.}; r=${r%?}; ' +
  'case $r in /volume|/volume/*) ;; *) printf "link\\0%s\\0" "${1#/volume/}"; readlink "$1"; exit 92;; esac; }; ' +
  'set -f; IFS=/; set -- $p; IFS=" "; ' +
  'for c; do { [ -z "$c" ] || [ "$c" = . ]; } && continue; [ "$c" = .. ] && { printf "dotdot\\0"; exit 91; }; ' +
  'if [ -n "$last" ]; then t="$q/$last"; if [ -L "$t" ]; then resolve "$t"; t=$r; fi; ' +
  '[ -e "$t" ] || { printf "missing\\0%s\\0" "${t#/volume/}"; exit 93; }; ' +
  '[ -d "$t" ] || { printf "notFolder\\0%s\\0" "${t#/volume/}"; exit 94; }; q=$t; fi; last=$c; done; ';

/**
 * Where a copy lands: `folder` (the path is a folder: into it), `file` (an existing file, links
 * followed inside: replaced) or `new` (its folder exists, the name not yet). Prints the kind, the
 * physical folder (after /volume), the name, then the folder's owner as `UID GID`.
 */
export const DEST_SCRIPT =
  `${WALK}if [ -z "$last" ]; then t=/volume; else t="$q/$last"; fi; ` +
  'if [ -L "$t" ]; then resolve "$t"; t=$r; fi; ' +
  'if [ -d "$t" ]; then k=folder; f=$t; n=; elif [ -e "$t" ]; then k=file; f=${t%/*}; n=${t##*/}; ' +
  'else k=new; f=$q; n=$last; fi; ' +
  'printf "%s\\0%s\\0%s\\0" "$k" "${f#/volume}" "$n"; stat -c "%u %g" "$f"';

/** A tar of the path (a link as a link, as cp -r copies it), made inside the helper: any name, any byte. */
export const SOURCE_SCRIPT =
  `${WALK}if [ -z "$last" ]; then cd /volume && exec tar -c -f - .; fi; ` +
  't="$q/$last"; [ -e "$t" ] || [ -L "$t" ] || { printf "missing\\0%s\\0" "${t#/volume/}"; exit 93; }; ' +
  'cd "$q" && exec tar -c -f - "./$last"';

/**
 * A file to edit: links followed inside, a regular file only. Prints `SIZE MTIME UID GID MODE`,
 * a newline, then at most $2 bytes of it.
 */
export const EDIT_READ_SCRIPT =
  `lim=$2; ${WALK}t="$q/$last"; if [ -L "$t" ]; then resolve "$t"; t=$r; fi; ` +
  '[ -e "$t" ] || { printf "missing\\0%s\\0" "${t#/volume/}"; exit 93; }; ' +
  '[ -f "$t" ] || { printf "notFile\\0%s\\0" "${t#/volume/}"; exit 96; }; ' +
  'stat -c "%s %Y %u %g %a" "$t" && head -c "$lim" "$t"';

/**
 * Replaces the file $1 with the staged $2/content (inside /volume) if it is still what was read: its
 * size, mtime and SHA-256 are $3 $4 $5. $6 = 1 keeps the old content as NAME.volscope-bak.
 * Exit 99: it changed meanwhile (nothing written, the staged copy removed).
 */
export const EDIT_WRITE_SCRIPT =
  `s=$2; size=$3; mtime=$4; sum=$5; bak=$6; ${WALK}t="$q/$last"; if [ -L "$t" ]; then resolve "$t"; t=$r; fi; ` +
  'gone() { rm -rf "/volume/$s"; exit "$1"; }; ' +
  '[ -f "$t" ] || { printf "missing\\0%s\\0" "${t#/volume/}"; gone 93; }; ' +
  '[ "$(stat -c "%s %Y" "$t")" = "$size $mtime" ] || gone 99; ' +
  '[ "$(sha256sum "$t" | cut -c1-64)" = "$sum" ] || gone 99; ' +
  // The old inode itself becomes the backup (owner, mode and time as they were; no copy).
  'if [ "$bak" = 1 ]; then ln -f "$t" "$t.volscope-bak" || gone 98; fi; ' +
  'mv -f "/volume/$s/content" "$t" || gone 98; rm -rf "/volume/$s"';
