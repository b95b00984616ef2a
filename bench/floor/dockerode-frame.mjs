// The first frame on the stack volscope stands on: dockerode lists each engine (bench/floor/frame.cjs
// draws). Bundled as volscope is (bench/floor.js), it is the floor of a first frame built on dockerode.
import Docker from 'dockerode';
import frame from './frame.cjs';

frame.drawEngines(process.argv.slice(2), (url) => {
  const docker = new Docker({socketPath: url.replace(/^unix:\/\//, '')});
  return Promise.all([docker.listVolumes(), docker.listContainers({all: true})]);
});
