import type {EngineGateway} from '../docker/gateway.js';
import {joinVolumes} from '../model/join.js';
import {toJson} from '../model/json.js';
import {plainTable} from '../model/plain-table.js';
import {sortRows} from '../model/sort.js';

export async function runLs(gateway: EngineGateway, options: {json: boolean; sizes: boolean}, out: NodeJS.WritableStream): Promise<void> {
  const [volumes, containers, usage] = await Promise.all([
    gateway.listVolumes(),
    gateway.listContainers(),
    options.sizes ? gateway.volumeUsage() : Promise.resolve(undefined),
  ]);
  const rows = sortRows(joinVolumes(volumes, containers, usage), {key: 'name', descending: false});
  out.write(options.json ? `${JSON.stringify(rows.map(toJson), null, 2)}\n` : plainTable(rows, Date.now(), options.sizes));
}
