import { describe, expect, it } from 'vitest';
import { chatFormat, parseMessages } from '../../renderer/components/blocks/chatbot/messages.js';
import { isAtBottom } from '../../renderer/components/blocks/chatbot/scroll.js';

describe('chatbot formats', () => {
  const messages = [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
  ];
  const tuples = [
    ['hi', 'hello'],
    ['again', null],
  ];

  it("reads the declared format from Gradio's `type` prop", () => {
    expect(chatFormat({ type: 'tuples' })).toBe('tuples');
    expect(chatFormat({ type: 'messages' })).toBe('messages');
    expect(chatFormat({})).toBeNull();
  });

  it('reads messages and tuples; a declared format ignores items of the other one', () => {
    expect(parseMessages(messages, 'messages')).toEqual(messages);
    expect(parseMessages(tuples, 'tuples')).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'again' },
    ]);
    expect(parseMessages(tuples, 'messages')).toEqual([]);
    expect(parseMessages(messages, 'tuples')).toEqual([]);
    expect(parseMessages([...messages, ...tuples])).toHaveLength(5);
  });

  it('each streamed partial replaces the history, so the last reply grows', () => {
    const partials = ['Hel', 'Hello', 'Hello there'].map((content) => parseMessages([messages[0], { role: 'assistant', content }]));
    expect(partials.map((p) => p.at(-1)?.content)).toEqual(['Hel', 'Hello', 'Hello there']);
    expect(partials.every((p) => p.length === 2)).toBe(true);
  });
});

describe('chat scrolling', () => {
  it('follows new text only while the end is in view (within the slack)', () => {
    expect(isAtBottom({ scrollTop: 600, scrollHeight: 1000, clientHeight: 400 })).toBe(true);
    expect(isAtBottom({ scrollTop: 580, scrollHeight: 1000, clientHeight: 400 })).toBe(true);
    expect(isAtBottom({ scrollTop: 500, scrollHeight: 1000, clientHeight: 400 })).toBe(false);
    expect(isAtBottom({ scrollTop: 0, scrollHeight: 300, clientHeight: 400 })).toBe(true);
    expect(isAtBottom({ scrollTop: 590, scrollHeight: 1000, clientHeight: 400 }, 0)).toBe(false);
  });
});
