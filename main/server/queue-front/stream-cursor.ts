/**
 * The SSE `id:` of a front's session stream: where the client stands in each of the session's
 * jobs still being delivered, as `<jobId>=<stream id>` pairs joined by ','. A stream multiplexes
 * several jobs, so the last event's own id would not say how far the others got. A client that
 * reconnects (to any front) sends it back as `Last-Event-ID`, and the front reads each job's
 * events after its id; jobs it does not name are read from their start.
 */

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STREAM_ID = /^\d{1,20}-\d{1,20}$/;
/** A header this long or longer is not one of ours (64 jobs of 64-character ids fit under it). */
const MAX_LENGTH = 8192;

export function encodeCursor(positions: ReadonlyMap<string, string>): string {
  return [...positions].map(([job, id]) => `${job}=${id}`).join(',');
}

/** Last-Event-ID → each job's last id; anything malformed is ignored (that job is read from its start). */
export function decodeCursor(header: string | string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const text = Array.isArray(header) ? header[0] : header;
  if (!text || text.length >= MAX_LENGTH) return out;
  for (const pair of text.split(',')) {
    const [job = '', id = ''] = pair.trim().split('=');
    if (JOB_ID.test(job) && STREAM_ID.test(id)) out.set(job, id);
  }
  return out;
}

/** Orders two Redis stream ids (`<ms>-<seq>`). */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
