import { readdirSync, readFileSync } from 'node:fs';
import { processCpuUs } from '../proc-cpu.js';

/**
 * The CPU of a server's whole process tree, from Linux's /proc: the root process, every
 * descendant (a worker, Ray's raylet, GCS, proxy and replica actors), and optionally every process
 * whose command line names a marker (Ray's processes carry their session folder, so one that left
 * the tree is still counted). A snapshot maps pid → CPU µs so far (user + system, every thread);
 * the CPU between two snapshots counts a process born in between from zero. A process that ends in
 * between loses what it spent after the first snapshot (none do while a server serves).
 */

export type CpuSnapshot = ReadonlyMap<number, number>;

function parentOf(pid: string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function commandLine(pid: string): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
}

/** The pids of `root`'s tree (root included), plus those whose command line contains `marker`. */
export function treePids(root: number, marker?: string): number[] {
  const children = new Map<number, number[]>();
  const marked: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = parentOf(entry);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      if (marker && commandLine(entry).includes(marker)) marked.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  const found = new Set<number>();
  const visit = (pid: number): void => {
    if (found.has(pid)) return;
    found.add(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  for (const pid of marked) visit(pid);
  return [...found];
}

export function snapshot(root: number, marker?: string): CpuSnapshot {
  return new Map(treePids(root, marker).map((pid) => [pid, processCpuUs(pid)]));
}

/** CPU µs the tree spent between two snapshots. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): number {
  let total = 0;
  for (const [pid, us] of after) total += Math.max(0, us - (before.get(pid) ?? 0));
  return total;
}

/** The tree's processes by command name, e.g. "3 processes: node ×2, esbuild", for the report. */
export function treeSummary(root: number, marker?: string): string {
  const names = new Map<string, number>();
  const pids = treePids(root, marker);
  for (const pid of pids) {
    let name = '?';
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      // ended while we looked
    }
    names.set(name, (names.get(name) ?? 0) + 1);
  }
  const parts = [...names].map(([name, count]) => (count > 1 ? `${name} ×${count}` : name));
  return `${pids.length} process${pids.length === 1 ? '' : 'es'}: ${parts.join(', ')}`;
}
