import { describe, expect, it } from 'vitest';
import { errorMessage, isCancelAnswer, statusToJobEvent } from '../../renderer/runner/gradio-status.js';
import { IDLE, isActive, jobTransition, type JobEvent, type JobState } from '../../renderer/runner/job-state.js';

const run = (events: JobEvent[], from: JobState = IDLE): JobState => events.reduce(jobTransition, from);

describe('jobTransition', () => {
  it('goes starting → queued → running → completed', () => {
    let state = jobTransition(IDLE, { type: 'submitted', at: 1000 });
    expect(state).toEqual({ stage: 'starting', since: 1000 });
    state = jobTransition(state, { type: 'queued', at: 1100, position: 2, size: 5, eta: 3 });
    expect(state).toEqual({ stage: 'queued', since: 1000, position: 2, size: 5, eta: 3, etaAt: 1100 });
    state = jobTransition(state, { type: 'started', at: 1500, eta: 1.5 });
    expect(state).toMatchObject({ stage: 'running', since: 1000, startedAt: 1500, eta: 1.5, progress: null, generating: false });
    state = jobTransition(state, {
      type: 'progress',
      at: 1600,
      progress: [{ progress: 0.5, index: null, length: null, unit: null, desc: null }],
    });
    expect(state).toMatchObject({ stage: 'running', eta: 1.5, progress: [{ progress: 0.5 }] });
    state = jobTransition(state, { type: 'completed', at: 3000 });
    expect(state).toEqual({ stage: 'completed', duration: 2 });
    expect(isActive(state)).toBe(false);
  });

  it('keeps running when a late estimation arrives', () => {
    const state = run([
      { type: 'submitted', at: 0 },
      { type: 'started', at: 1, eta: null },
      { type: 'queued', at: 2, position: 0, size: 1, eta: 1 },
    ]);
    expect(state.stage).toBe('running');
  });

  it('turns a failure while cancelling into a cancellation (not an error)', () => {
    const state = run([
      { type: 'submitted', at: 0 },
      { type: 'queued', at: 1, position: 0, size: 1, eta: null },
      { type: 'cancel-requested', at: 2 },
      { type: 'progress', at: 3, progress: [] },
      { type: 'failed', message: 'An Unexpected Error Occurred!', title: null },
    ]);
    expect(state).toEqual({ stage: 'cancelled' });
  });

  it('keeps a result that won the race against cancel', () => {
    expect(
      run([
        { type: 'submitted', at: 0 },
        { type: 'cancel-requested', at: 1000 },
        { type: 'completed', at: 1500 },
      ]),
    ).toEqual({
      stage: 'completed',
      duration: 1.5,
    });
  });

  it('ignores everything but a new submit once finished', () => {
    const failed = run([
      { type: 'submitted', at: 0 },
      { type: 'failed', message: 'boom', title: 'Error' },
    ]);
    expect(failed).toEqual({ stage: 'failed', message: 'boom', title: 'Error' });
    expect(jobTransition(failed, { type: 'completed', at: 5 })).toBe(failed);
    expect(jobTransition(failed, { type: 'cancelled' })).toBe(failed);
    expect(jobTransition(failed, { type: 'submitted', at: 9 })).toEqual({ stage: 'starting', since: 9 });
  });
});

describe('statusToJobEvent', () => {
  it('maps the Gradio client’s statuses (doc §1.7)', () => {
    expect(statusToJobEvent({ stage: 'pending', queue: true }, 1)).toBeNull();
    expect(statusToJobEvent({ stage: 'pending', queue: true, position: 1, size: 3, eta: 2.5 }, 1)).toEqual({
      type: 'queued',
      at: 1,
      position: 1,
      size: 3,
      eta: 2.5,
    });
    expect(statusToJobEvent({ stage: 'pending', position: 0, eta: 0.7, original_msg: 'process_starts' }, 2)).toEqual({
      type: 'started',
      at: 2,
      eta: 0.7,
    });
    expect(statusToJobEvent({ stage: 'pending', progress_data: [{ index: 3, length: 10, unit: 'steps' }] }, 3)).toEqual({
      type: 'progress',
      at: 3,
      progress: [{ progress: null, index: 3, length: 10, unit: 'steps', desc: null }],
    });
    expect(statusToJobEvent({ stage: 'generating' }, 4)).toEqual({ type: 'generating', at: 4 });
    expect(statusToJobEvent({ stage: 'complete' }, 5)).toEqual({ type: 'completed', at: 5 });
    expect(statusToJobEvent({ stage: 'error', message: 'Queue is full', title: 'Error' }, 6)).toEqual({
      type: 'failed',
      message: 'Queue is full',
      title: 'Error',
    });
  });

  it('makes validation errors and empty messages readable', () => {
    expect(errorMessage([{ is_valid: false, message: 'must be positive', parameter_name: 'x' }, 'second'])).toBe(
      'x: must be positive\nsecond',
    );
    expect(errorMessage(undefined)).toMatch(/without an error message/);
    expect(errorMessage('  ')).toMatch(/without an error message/);
  });
});

describe('isCancelAnswer', () => {
  it("recognises the server's answer to a cancel (a no-change update per output) and nothing else", () => {
    expect(isCancelAnswer([{ __type__: 'update' }])).toBe(true);
    expect(isCancelAnswer([{ __type__: 'update' }, { __type__: 'update' }])).toBe(true);
    expect(isCancelAnswer([])).toBe(false);
    expect(isCancelAnswer([null])).toBe(false);
    expect(isCancelAnswer([{ __type__: 'update', value: 'x' }])).toBe(false); // an update that sets something is a result
    expect(isCancelAnswer([{ __type__: 'update' }, 'text'])).toBe(false);
  });
});
