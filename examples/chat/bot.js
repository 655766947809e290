/**
 * A small rule-based bot: no model, so the chat example runs offline anywhere. `reply` picks an
 * answer for a message; `tokens` splits it into the pieces that are streamed one by one.
 */

const GREETING = /^(hi|hello|hey|good (morning|afternoon|evening))\b/i;

/** What a chat model's answer often holds: a table, code, a task list and math (GitHub-flavoured Markdown). */
const MARKDOWN = [
  'Replies are Markdown, as chat models write them:',
  '',
  '| Model | Size | Offline |',
  '|:--|--:|:-:|',
  '| sentiment | 1 MB | yes |',
  '| t5-small | 60 MB | after download |',
  '',
  '```js',
  'const client = await Client.connect("http://127.0.0.1:7860/");',
  'const result = await client.predict("/chat", { message: "hello", chat: [] });',
  '```',
  '',
  '- [x] ~~plain text~~ **rich text**',
  '- [ ] nested lists',
  '  - like this one',
  '',
  'Inline math $e^{i\\pi} + 1 = 0$, and a display:',
  '',
  '$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$',
].join('\n');
const COUNT = /\bcount to (\d{1,4})\b/i;

/** The bot's answer to `message`, given how many turns the conversation already has. */
export function reply(message, turns = 0) {
  const text = message.trim();
  const count = COUNT.exec(text);
  if (count) {
    const n = Math.min(Number(count[1]), 1000);
    return Array.from({ length: n }, (_, i) => String(i + 1)).join(' ') + '. Done!';
  }
  if (GREETING.test(text))
    return turns === 0
      ? 'Hello! I am a tiny rule-based bot. Ask me to **count to 10**, or say anything and I will echo it.'
      : 'Hello again!';
  if (/^markdown\b/i.test(text)) return MARKDOWN;
  if (/^help\b/i.test(text)) {
    return 'I know four tricks:\n\n- say *hello*\n- ask me to **count to N** (up to 1000)\n- say *markdown* for a table, code and math\n- anything else, and I echo it back';
  }
  if (text.endsWith('?')) return `Good question. I am only a rule-based bot, so all I can say is: you asked "${text}"`;
  return `You said: ${text}`;
}

/** Words with the space before them, so joining the tokens gives the reply back exactly. */
export function tokens(text) {
  return text.match(/\s*\S+/g) ?? [];
}
