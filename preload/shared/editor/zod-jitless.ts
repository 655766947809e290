import { z } from 'zod';

/**
 * For pages whose CSP has no 'unsafe-eval' (the editor's): zod's first object parse probes
 * `new Function("")` to decide whether to compile fast parsers, and under that CSP the probe is a
 * reported violation (and a console error) on every page load. Its interpreted parsers give the
 * same results. Import this module for its effect before anything parses.
 */
z.config({ jitless: true });
