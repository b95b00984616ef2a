#!/usr/bin/env node
// Which parts of the Node binary a running process keeps resident: half of a settled TUI's RSS is
// these pages (shared and clean, yet counted), and /proc/PID/status cannot say whose they are.
// Reads the process's page table (/proc/PID/pagemap, root only), maps each present page of the
// binary to its ELF section and, in code, to the nearest symbol of `nm`, and sums them by part:
// V8's tiers, ICU, OpenSSL, SQLite, libuv, Node's own. A profiling aid, not a benchmark row.
//   node bench/binary-pages.js PID [REGEX]   (REGEX: also list the symbols matching it, by pages)
import {execFileSync} from 'node:child_process';
import {openSync, readFileSync, readSync, realpathSync} from 'node:fs';

const PAGE = 4096;
const [pid, detail] = process.argv.slice(2);
if (!pid) {
  console.error('usage: node bench/binary-pages.js PID [REGEX]');
  process.exit(2);
}
const binary = realpathSync(`/proc/${pid}/exe`);

/** Virtual addresses of the binary's pages present in the process's page table. */
function presentPages() {
  const pagemap = openSync(`/proc/${pid}/pagemap`, 'r');
  const present = [];
  for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    if (!line.endsWith(binary)) continue;
    const [lo, hi] = line
      .split(' ')[0]
      .split('-')
      .map((hex) => BigInt(`0x${hex}`));
    const count = Number((hi - lo) / BigInt(PAGE));
    const entries = Buffer.alloc(count * 8);
    readSync(pagemap, entries, 0, entries.length, Number((lo / BigInt(PAGE)) * 8n));
    for (let i = 0; i < count; i++) {
      if (entries.readBigUInt64LE(i * 8) >> 63n) present.push(Number(lo) + i * PAGE);
    }
  }
  return present;
}

/** [start, end, name] of each allocated section; the binary is not position-independent, so these are its addresses. */
function sections() {
  const found = [];
  for (const line of execFileSync('readelf', ['-SW', binary], {encoding: 'utf8'}).split('\n')) {
    const m = /\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(line);
    if (m && Number.parseInt(m[2], 16))
      found.push([Number.parseInt(m[2], 16), Number.parseInt(m[2], 16) + Number.parseInt(m[3], 16), m[1]]);
  }
  return found.sort((a, b) => a[0] - b[0]);
}

function symbols() {
  const out = execFileSync('nm', ['-n', '-C', '--defined-only', binary], {encoding: 'utf8', maxBuffer: 1 << 30});
  const addresses = [];
  const names = [];
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0 || !'tTrRdDbBvVwW'.includes(line[space + 1])) continue;
    addresses.push(Number.parseInt(line.slice(0, space), 16));
    names.push(line.slice(space + 3));
  }
  return {addresses, names};
}

const PARTS = [
  [/icu_\d+|^u[a-z]+_\w+_\d+|icudt/, 'ICU'],
  [/compiler::turboshaft/, 'V8 Turboshaft'],
  [/v8::internal::compiler/, 'V8 TurboFan'],
  [/v8::internal::maglev/, 'V8 Maglev'],
  [/v8::internal::wasm/, 'V8 WebAssembly'],
  [/v8::internal::baseline/, 'V8 Sparkplug'],
  [/v8::internal::(Heap|MarkCompact|Scavenger|MinorMarkSweep|\w*Sweeper|Marking|Concurrent)/, 'V8 GC'],
  [/v8::internal::(Parser|Scanner|PreParser|Ast)/, 'V8 parser'],
  [/v8::internal::(RegExp|Regexp)/, 'V8 regexp'],
  [/v8::internal|^Builtins_/, 'V8 other'],
  [/^v8::|v8_inspector/, 'V8 API, inspector'],
  [/sqlite3/, 'SQLite'],
  [/^(SSL|ssl|EVP|OPENSSL|ossl|CRYPTO|BN_|ASN1|X509|OSSL|ERR_|EC_|RSA|PEM|OBJ_)/, 'OpenSSL'],
  [/^uv_|^uv__/, 'libuv'],
  [/^node::|^node_/, 'Node'],
  [/ada::|simdutf|simdjson|llhttp|nghttp|ngtcp|ares_|[Bb]rotli|deflate|inflate|zstd|ZSTD/, 'other libraries'],
  [/std::|__cxx|operator/, 'C++ library'],
];
const partOf = (name) => PARTS.find(([pattern]) => pattern.test(name))?.[1] ?? 'other';

function nearest(sorted, value) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const present = presentPages();
const bySection = sections();
const {addresses, names} = symbols();
const total = new Map();
const byPart = new Map();
const bySymbol = new Map();
const add = (map, key) => map.set(key, (map.get(key) ?? 0) + PAGE);
for (const page of present) {
  const section = bySection.find(([start, end]) => page >= start && page < end)?.[2] ?? '(headers)';
  add(total, section);
  if (section !== '.text' && section !== '.rodata' && section !== '.data') continue;
  // Code by the symbol at the page's middle; data by the last symbol before it (large tables start there).
  const name = names[nearest(addresses, section === '.text' ? page + PAGE / 2 : page)];
  add(byPart, section === '.text' ? partOf(name) : `${section}: ${partOf(name)}`);
  if (detail && new RegExp(detail).test(name)) add(bySymbol, name.slice(0, 140));
}
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
console.log(`${binary}: ${mb(present.length * PAGE)} resident in process ${pid}`);
console.log(
  `  by section: ${sorted(total)
    .map(([name, bytes]) => `${name} ${mb(bytes)}`)
    .join(', ')}`,
);
for (const [part, bytes] of sorted(byPart)) console.log(`  ${mb(bytes).padStart(8)}  ${part}`);
for (const [name, bytes] of sorted(bySymbol).slice(0, 25))
  console.log(`    ${String(bytes / PAGE).padStart(5)} pages  ${name}`);
