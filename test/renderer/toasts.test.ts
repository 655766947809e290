import { describe, expect, it } from 'vitest';
import {
  dismissToast,
  echoesInlineError,
  ERROR_TOAST_MS,
  failureKind,
  MAX_TOASTS,
  pushToast,
  QUEUE_FULL_MESSAGE,
  toastDuration,
  toastForFailure,
  type Toast,
} from '../../renderer/runner/toasts.js';
import { STREAM_LOST_MESSAGE } from '../../renderer/runner/gradio-endpoint.js';
import { SERVER_STOPPED_MESSAGE } from '../../preload/shared/server-stopped.js';

describe('failureKind', () => {
  it("recognises the JS client's queue-full and broken-connection messages", () => {
    expect(failureKind('This application is currently busy. Please try again. ')).toBe('queue-full');
    expect(failureKind('Connection errored out. ')).toBe('connection');
    expect(failureKind('Connection errored out. Failed to fetch')).toBe('connection');
    expect(failureKind('Cannot process "x": this function always fails.')).toBe('error');
  });

  it("reads the server's shutdown answer and the page's dead-stream error as a lost connection", () => {
    expect(failureKind(SERVER_STOPPED_MESSAGE)).toBe('connection');
    expect(failureKind(STREAM_LOST_MESSAGE)).toBe('connection');
  });
});

describe('toasts', () => {
  it('makes a retryable toast for a full queue, an error toast with the message, none for a lost connection', () => {
    expect(toastForFailure(1, 0, QUEUE_FULL_MESSAGE, null)).toMatchObject({ kind: 'queue-full', title: 'The queue is full', depId: 0 });
    expect(toastForFailure(2, 3, 'bad input', 'ValueError')).toEqual({
      id: 2,
      depId: 3,
      kind: 'error',
      title: 'ValueError',
      message: 'bad input',
    });
    expect(toastForFailure(3, 0, 'bad', 'Error')?.title).toBe('Error');
    expect(toastForFailure(4, 0, 'Connection errored out. ', null)).toBeNull();
  });

  it('replaces a toast of the same run and kind, keeps the newest few, and dismisses by id', () => {
    const a: Toast = { id: 1, depId: 0, kind: 'error', title: 'Error', message: 'a' };
    const b = { ...a, id: 2, message: 'b' };
    expect(pushToast([a], b)).toEqual([b]);
    let list: readonly Toast[] = [a];
    for (let i = 0; i < 5; i++) list = [...pushToast(list, { ...a, id: 10 + i, depId: 10 + i })];
    expect(list).toHaveLength(MAX_TOASTS);
    expect(list.at(-1)?.id).toBe(14);
    expect(dismissToast(list, 14).map((t) => t.id)).toEqual([12, 13]);
    expect(dismissToast(list, 99)).toBe(list);
  });
});

describe('toastDuration', () => {
  it("lets errors go after Gradio's gr.Error default of 10 s and keeps the queue-full toast until acted on", () => {
    expect(ERROR_TOAST_MS).toBe(10_000);
    const error = toastForFailure(1, 0, 'bad input', 'ValueError');
    const full = toastForFailure(2, 0, QUEUE_FULL_MESSAGE, null);
    expect(error && toastDuration(error)).toBe(10_000);
    expect(full && toastDuration(full)).toBeNull();
  });
});

describe('echoesInlineError', () => {
  it('marks error toasts (the inline error stays next to the output) but not the queue-full one', () => {
    expect(echoesInlineError({ kind: 'error' })).toBe(true);
    expect(echoesInlineError({ kind: 'queue-full' })).toBe(false);
  });
});
