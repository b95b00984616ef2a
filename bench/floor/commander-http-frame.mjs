// The first frame on what volscope's stands on since its first lists go out over bare node:http
// (src/docker/first-lists.ts): commander parses argv, node:http lists each engine (bench/floor/
// frame.cjs draws). Bundled as volscope is (bench/floor.js): the floor of that first frame.
import {Command} from 'commander';
import frame from './frame.cjs';
import lists from './http-lists.cjs';

const program = new Command('floor');
program.argument('<hosts...>').action((hosts) => frame.drawEngines(hosts, lists.listsOf));
await program.parseAsync();
