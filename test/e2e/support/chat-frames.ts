import type { Locator, Page } from '@playwright/test';

/**
 * What a chatbot looked like after each change the page made to it, recorded in the page itself (a
 * MutationObserver on the log) from before a message is sent until the test reads it back. A test
 * that looked from outside (a Playwright round trip per look) could come too late on a loaded
 * machine: a short reply may have finished streaming before the first look. These frames are every
 * state the page rendered, however slow the test's side is.
 */
export interface ChatFrame {
  /** Text of the assistant replies, in order. */
  readonly replies: readonly string[];
  /** Whether a typing indicator was rendered and visible. */
  readonly typing: boolean;
  /** The log's aria-busy. */
  readonly busy: string | null;
  /** The message box's value at that moment (the user may be typing). */
  readonly box: string;
}

export interface ChatRecorder {
  /** Every frame since `recordChat`, the state at the start first. */
  frames(): Promise<ChatFrame[]>;
}

/** Starts recording the chatbot `log` and the message `box` (the box is read at each change of the log). */
export async function recordChat(page: Page, log: Locator, box: Locator): Promise<ChatRecorder> {
  const key = `__chatFrames${Date.now()}${Math.random().toString(36).slice(2)}`;
  const handles = [await log.elementHandle(), await box.elementHandle()] as const;
  await page.evaluate(
    ({ key, handles: [log, box] }) => {
      if (!(log instanceof HTMLElement) || !(box instanceof HTMLInputElement || box instanceof HTMLTextAreaElement))
        throw new Error('recordChat: no log or box');
      const frames: unknown[] = [];
      const snap = (): void => {
        const typing = log.querySelector<HTMLElement>('[data-testid="chat-typing"]');
        frames.push({
          replies: Array.from(log.querySelectorAll<HTMLElement>('[data-testid="chat-assistant"] .chat-content'), (el) => el.textContent),
          typing: typing?.checkVisibility() ?? false,
          busy: log.getAttribute('aria-busy'),
          box: box.value,
        });
      };
      snap();
      new MutationObserver(snap).observe(log, { subtree: true, childList: true, characterData: true, attributes: true });
      (window as unknown as Record<string, unknown>)[key] = frames;
    },
    { key, handles },
  );
  return {
    frames: () => page.evaluate((key) => (window as unknown as Record<string, ChatFrame[] | undefined>)[key] ?? [], key),
  };
}
