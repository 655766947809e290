/**
 * JS functions for the chained-events example. Each receives the event's inputs as an array and
 * a context (ctx.signal, ctx.progress, ...). `shout` pauses briefly so the chain is visible: the
 * greeting appears first, then the shouted line, then the count.
 */

const pause = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('stopped'));
      },
      { once: true },
    );
  });

export function greet([name]) {
  return `Hello ${name}!`;
}

/** Runs after greet (`then`): reads the greeting greet just wrote. */
export async function shout([greeting], ctx) {
  await pause(400, ctx.signal);
  return `${String(greeting).toUpperCase()} HOW ARE YOU?`;
}

/** Runs only when shout succeeded (`then` with `onlyOnSuccess`). */
export function count([text]) {
  return `${String(text).length} characters`;
}

export function fail([name]) {
  throw new Error(`"${name}" was rejected on purpose, to show what follows a failure.`);
}

/** Follows fail with `then`: runs whatever the outcome. */
export function tidy() {
  return 'Tidied up after the failure.';
}
