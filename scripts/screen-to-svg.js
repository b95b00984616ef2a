#!/usr/bin/env node
// Turns a captured terminal screen (tmux capture-pane -e -p: text with SGR colour codes) into an
// SVG for the README, so the picture is the real screen, not a mock-up.
//   tmux capture-pane -e -p -t SESSION | node scripts/screen-to-svg.js > docs/main-screen.svg
import {readFileSync} from 'node:fs';

const PALETTE = {
  30: '#1e1e1e',
  31: '#e06c75',
  32: '#98c379',
  33: '#e5c07b',
  34: '#61afef',
  35: '#c678dd',
  36: '#56b6c2',
  37: '#dcdfe4',
  90: '#7f848e',
  91: '#e06c75',
  92: '#98c379',
  93: '#e5c07b',
  94: '#61afef',
  95: '#c678dd',
  96: '#56b6c2',
  97: '#ffffff',
};
const FG = '#dcdfe4';
const BG = '#1e1e1e';
const CELL_W = 8.4;
const LINE_H = 18;
const PAD = 12;

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lines = readFileSync(0, 'utf8').replace(/\n+$/, '').split('\n');
const width = Math.max(...lines.map((l) => [...l.replace(/\u001b\[[0-9;]*m/g, '')].length));
const out = [];
lines.forEach((line, row) => {
  let style = {fg: null, bold: false, inverse: false};
  let col = 0;
  const y = PAD + row * LINE_H;
  for (const part of line.split(/(\u001b\[[0-9;]*m)/)) {
    const sgr = /^\u001b\[([0-9;]*)m$/.exec(part);
    if (sgr) {
      const codes = sgr[1] === '' ? [0] : sgr[1].split(';').map(Number);
      for (const code of codes) {
        if (code === 0) style = {fg: null, bold: false, inverse: false};
        else if (code === 1) style.bold = true;
        else if (code === 22) style.bold = false;
        else if (code === 7) style.inverse = true;
        else if (code === 27) style.inverse = false;
        else if (code === 39) style.fg = null;
        else if (PALETTE[code]) style.fg = PALETTE[code];
      }
      continue;
    }
    const chars = [...part];
    if (!chars.length) continue;
    const x = PAD + col * CELL_W;
    const fg = style.inverse ? BG : (style.fg ?? FG);
    if (style.inverse)
      out.push(
        `<rect x="${x}" y="${y}" width="${chars.length * CELL_W}" height="${LINE_H}" fill="${style.fg ?? FG}"/>`,
      );
    out.push(
      `<text x="${x}" y="${y + 13}" fill="${fg}"${style.bold ? ' font-weight="bold"' : ''} textLength="${chars.length * CELL_W}" lengthAdjust="spacingAndGlyphs">${escapeXml(part)}</text>`,
    );
    col += chars.length;
  }
});
const w = Math.ceil(PAD * 2 + width * CELL_W);
const h = PAD * 2 + lines.length * LINE_H;
process.stdout.write(
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14" xml:space="preserve">\n` +
    `<rect width="100%" height="100%" rx="6" fill="${BG}"/>\n${out.join('\n')}\n</svg>\n`,
);
