/**
 * A small rule-based bot: no model, so the chat example runs offline anywhere. `reply` picks an
 * answer for a message; `tokens` splits it into the pieces that are streamed one by one.
 */

const GREETING = /^(hi|hello|hey|good (morning|afternoon|evening))\b/i;
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
  if (/^help\b/i.test(text)) {
    return 'I know three tricks:\n\n- say *hello*\n- ask me to **count to N** (up to 1000)\n- anything else, and I echo it back';
  }
  if (text.endsWith('?')) return `Good question. I am only a rule-based bot, so all I can say is: you asked "${text}"`;
  return `You said: ${text}`;
}

/** Words with the space before them, so joining the tokens gives the reply back exactly. */
export function tokens(text) {
  return text.match(/\s*\S+/g) ?? [];
}
