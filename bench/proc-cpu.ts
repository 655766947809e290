import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of other processes, from Linux's /proc (user + system, every thread). The fields after
 * the command name's closing parenthesis are split, since a command name may hold spaces.
 */

/** /proc/<pid>/stat counts CPU in ticks of 1/100 s (USER_HZ) on Linux. */
const TICK_US = 1e6 / 100;

function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Microseconds of CPU `pid` has used so far; 0 when it is gone (or pid is not a process). */
export function processCpuUs(pid: number): number {
  if (pid <= 0) return 0;
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return 0;
  }
}

/** The children of `parent` whose command line matches `match` (every child without one). */
export function childPids(parent: number, match?: RegExp): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(entry)[1]) !== parent) continue;
      if (!match || match.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
