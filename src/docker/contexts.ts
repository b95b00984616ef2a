import {createRequire} from 'node:module';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

/**
 * The docker CLI's contexts, read from its own files so `docker context use` carries over:
 * `$DOCKER_CONFIG/config.json` (default ~/.docker) names the current one, each context lives in
 * `contexts/meta/<sha256 of its name>/meta.json`, and its TLS material in
 * `contexts/tls/<same digest>/docker/{ca,cert,key}.pem`.
 */
export interface DockerContext {
  readonly name: string;
  readonly description: string;
  /** The engine address; undefined for `default` (DOCKER_HOST or the local socket). */
  readonly host: string | undefined;
  readonly skipTlsVerify: boolean;
  /** Folder holding ca.pem / cert.pem / key.pem when the context has TLS material. */
  readonly tlsDir: string | undefined;
}

export class ContextError extends Error {}

export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

// node:crypto is loaded only to find a named context: every start resolves its engine through here.
const digest = (name: string) =>
  (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'))
    .createHash('sha256')
    .update(name)
    .digest('hex');

interface MetaFile {
  Name?: string;
  Metadata?: {Description?: string};
  Endpoints?: {docker?: {Host?: string; SkipTLSVerify?: boolean}};
}

/** Every context in the store, `default` first, then by name. A damaged meta.json is skipped. */
export function listContexts(configDir: string): DockerContext[] {
  const contexts: DockerContext[] = [
    {
      name: 'default',
      description: 'DOCKER_HOST, or the local socket',
      host: undefined,
      skipTlsVerify: false,
      tlsDir: undefined,
    },
  ];
  const metaRoot = join(configDir, 'contexts', 'meta');
  let folders: string[] = [];
  try {
    folders = readdirSync(metaRoot);
  } catch {
    return contexts;
  }
  const found: DockerContext[] = [];
  for (const folder of folders) {
    let meta: MetaFile;
    try {
      meta = JSON.parse(readFileSync(join(metaRoot, folder, 'meta.json'), 'utf8')) as MetaFile;
    } catch {
      continue;
    }
    if (!meta.Name || meta.Name === 'default') continue;
    const tlsDir = join(configDir, 'contexts', 'tls', digest(meta.Name), 'docker');
    found.push({
      name: meta.Name,
      description: meta.Metadata?.Description ?? '',
      host: meta.Endpoints?.docker?.Host,
      skipTlsVerify: meta.Endpoints?.docker?.SkipTLSVerify ?? false,
      tlsDir: existsSync(tlsDir) ? tlsDir : undefined,
    });
  }
  return [...contexts, ...found.sort((a, b) => a.name.localeCompare(b.name))];
}

/** `currentContext` of config.json, or undefined (unreadable or unset means `default`). */
export function currentContextName(configDir: string): string | undefined {
  try {
    const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as {currentContext?: string};
    return config.currentContext || undefined;
  } catch {
    return undefined;
  }
}

export function findContext(configDir: string, name: string): DockerContext {
  const contexts = listContexts(configDir);
  const context = contexts.find((c) => c.name === name);
  if (!context) {
    throw new ContextError(
      `No docker context named ${name}. Known: ${contexts.map((c) => c.name).join(', ')} (\`volscope contexts\` lists them).`,
    );
  }
  return context;
}
