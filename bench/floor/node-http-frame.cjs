// The first frame on bare Node: CommonJS, node:http straight to each engine's socket, no library
// (bench/floor/frame.cjs draws). `node node-http-frame.cjs unix:///path ...`
const {drawEngines} = require('./frame.cjs');
const {listsOf} = require('./http-lists.cjs');

drawEngines(process.argv.slice(2), listsOf);
