// The fastest `ls` a Node program can be: CommonJS, node:http straight to the socket, the two
// lists volscope joins (volumes, and containers for who uses each), names and users printed.
// The bench runs it beside `volscope ls` to show how much of the time is Node's own.
const {listsOf} = require('./http-lists.cjs');
const {rowLines} = require('./rows.cjs');

listsOf(process.argv[2]).then((lists) => process.stdout.write(`${rowLines(lists).join('\n')}\n`));
