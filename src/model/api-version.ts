/** `1.45` >= `1.42`: engine API versions compare as major.minor numbers, not as text. */
export function apiAtLeast(version: string, wanted: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor = 0, wantMinor = 0] = wanted.split('.').map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/**
 * Engines with API >= 1.42 (Docker 23) prune anonymous volumes by their label alone; older ones
 * by the random name. Unknown (the engine has not answered yet): the current rule.
 */
export function prunesByLabel(apiVersion: string | undefined): boolean {
  return apiVersion === undefined || apiAtLeast(apiVersion, '1.42');
}
