/** Resident memory of another process, read from Linux's /proc (the server runs as a child). */
import { readFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

export const residentBytes = (pid: number): number => statusField(pid, 'VmRSS');

/** Samples a process's RSS every `intervalMs` until stopped; `stop()` returns the highest seen. */
export function sampleRss(pid: number, intervalMs = 5): { stop(): number } {
  let peak = residentBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, residentBytes(pid));
    } catch {
      // The process is gone; the peak so far stands.
    }
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, residentBytes(pid));
      return peak;
    },
  };
}

export const MB = 1_000_000;
