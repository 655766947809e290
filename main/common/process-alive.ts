/** True while a process with this pid exists (it may belong to another user: then it is alive too). */
export function isProcessAlive(pid: number): boolean {
  // 0 and negative pids address process groups, never one process.
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
