// Stand-in for dockerode's tar-fs: it (with tar-stream and readable-stream, ~130 KB) packs a
// build context, which volscope never asks for, yet dockerode requires it on load — on every
// command's start path. Required the first time it is used (see scripts/bundle-plugins.js).
module.exports = {
  pack: (...args) => require('tar-fs').pack(...args),
  extract: (...args) => require('tar-fs').extract(...args),
};
