export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Engines since 23.0 label anonymous volumes; older ones only give them a random 64-hex name,
 * so the name is the only evidence there.
 */
export function isAnonymous(name: string, labels: Readonly<Record<string, string>>): boolean {
  return Object.hasOwn(labels, ANONYMOUS_LABEL) || HEX64.test(name);
}

/** The 12-character prefix docker itself uses for ids. */
export function shortName(name: string): string {
  return HEX64.test(name) ? name.slice(0, 12) : name;
}
