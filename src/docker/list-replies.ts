import type {Container, Volume} from '../model/types.js';
import {EngineReplyError} from './json-reply.js';
import {toContainer, toVolumes} from './map.js';

/** The paths of the two lists a refresh makes, as docker-modem writes them (GET, no API version prefix). */
export const VOLUMES_PATH = '/volumes';
export const CONTAINERS_PATH = '/containers/json?all=true';

/** GET /volumes's answer as volumes; one that holds no list is an error in words. */
export function volumeList(body: unknown): Volume[] {
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    !(Array.isArray((body as {Volumes?: unknown}).Volumes) || (body as {Volumes?: unknown}).Volumes === null)
  ) {
    throw new EngineReplyError("the engine's answer to GET /volumes holds no volume list");
  }
  return toVolumes(body);
}

/** GET /containers/json's answer as containers. */
export function containerList(body: unknown): Container[] {
  if (!Array.isArray(body)) throw new EngineReplyError("the engine's answer to GET /containers/json is not a list");
  return (body as Parameters<typeof toContainer>[0][]).map(toContainer);
}
