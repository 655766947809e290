import { reply, tokens } from './bot.js';

/** Milliseconds between streamed tokens: slow enough to watch the reply grow. */
const TOKEN_DELAY_MS = 40;

/** Resolves after `ms`, or rejects as soon as `signal` aborts (the Stop button). */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The chat event: inputs [message, history], outputs [history, message box]. The first yield
 * shows the user's message and clears the box; each later yield adds one token to the reply.
 */
export async function* respond([message, history], ctx) {
  const past = Array.isArray(history) ? history : [];
  const text = typeof message === 'string' ? message.trim() : '';
  if (text === '') return [past, ''];
  const conversation = [...past, { role: 'user', content: text }];
  yield [conversation, ''];
  const turns = past.filter((m) => m.role === 'user').length;
  let answer = '';
  for (const token of tokens(reply(text, turns))) {
    await sleep(TOKEN_DELAY_MS, ctx.signal);
    answer += token;
    yield [[...conversation, { role: 'assistant', content: answer }], ''];
  }
}

/** The Clear button: an empty conversation and an empty box. */
export function clear() {
  return [[], ''];
}
