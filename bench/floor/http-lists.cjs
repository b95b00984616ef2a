// One engine's two lists (volumes, and containers for who uses each) over node:http straight to
// its socket: what the bare-Node floors fetch.
const http = require('node:http');

const get = (socketPath, path) =>
  new Promise((resolve, reject) => {
    http
      .get({socketPath, path}, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      })
      .on('error', reject);
  });

exports.listsOf = (url) => {
  const socket = url.replace(/^unix:\/\//, '');
  return Promise.all([get(socket, '/volumes'), get(socket, '/containers/json?all=true')]);
};
