import {readFileSync} from 'node:fs';
import type {TlsFiles} from './endpoint.js';

export class TlsFileError extends Error {}

/**
 * The PEM files of a TLS endpoint. A file that is missing is left out (the system's CAs are used
 * without ca.pem, no client certificate without cert.pem/key.pem), unless the other half of a
 * pair is there: a certificate without its key is a mistake worth naming.
 */
export function readTlsFiles(tls: TlsFiles): {ca?: Buffer; cert?: Buffer; key?: Buffer} {
  const read = (path: string | undefined) => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new TlsFileError(`Cannot read ${path}: ${(error as Error).message}`);
    }
  };
  const ca = read(tls.ca);
  const cert = read(tls.cert);
  const key = read(tls.key);
  if (Boolean(cert) !== Boolean(key)) {
    throw new TlsFileError(
      `A client certificate needs both files: ${cert ? `${tls.key} is missing` : `${tls.cert} is missing`}.`,
    );
  }
  return {...(ca ? {ca} : {}), ...(cert ? {cert} : {}), ...(key ? {key} : {})};
}
