#!/usr/bin/env node
// npm run bench:clean: removes the bench fixture (volumes, containers, data volumes) from the engines.
import {parseArgs} from 'node:util';
import {CANDIDATES} from './fleet.js';
import {removeFixture} from './fixture.js';

const {values} = parseArgs({options: {engine: {type: 'string', multiple: true}}});
// Every engine a bench section may fill (the fleet section uses Podman and the restartable 20.10 too).
const engines = values.engine
  ? values.engine.map((e) => {
      const [name, url] = e.split('=');
      return {name, url, socket: url.replace('unix://', '')};
    })
  : CANDIDATES;
for (const engine of engines) {
  try {
    const removed = await removeFixture(engine);
    console.log(`${engine.name}: removed ${removed.containers} containers and ${removed.volumes} volumes`);
  } catch (error) {
    if (!values.engine && ['ENOENT', 'ECONNREFUSED'].includes(error.code)) {
      console.log(`${engine.name}: not running, nothing to remove`);
      continue;
    }
    console.error(`${engine.name}: ${error.message}`);
    process.exitCode = 1;
  }
}
