/**
 * Whether a process of this machine is still there: how a lock, a temporary file or a helper
 * tells a live run from one that was killed. EPERM means it exists under another user.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
