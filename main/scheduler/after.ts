/**
 * Runs `fn` after `delayMs`, or on the next event-loop turn when that is already due (setImmediate:
 * a timer never fires sooner than 1 ms). Returns its cancel. An `unref`'d timer does not keep the
 * process alive.
 */
export function after(delayMs: number, fn: () => void, options: { readonly unref?: boolean } = {}): () => void {
  if (delayMs <= 0) {
    const immediate = setImmediate(fn);
    return () => clearImmediate(immediate);
  }
  const timer = setTimeout(fn, delayMs);
  if (options.unref) timer.unref();
  return () => clearTimeout(timer);
}
