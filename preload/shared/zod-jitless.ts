import { z } from 'zod';

/**
 * Imported first by pages under a CSP without 'unsafe-eval' (the editor's): zod's fast path
 * compiles object parsers with `new Function`, and its probe for that (even caught) reports a CSP
 * violation. Jitless parsing is the same validation without the probe. A side effect on import, so
 * it runs before any module that parses at load time (schemas with parsed defaults do).
 */
z.config({ jitless: true });
