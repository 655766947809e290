import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShellArgs } from '../../main/shell-policy/argv.js';
import { LaunchQueue, routeLaunch, type LaunchTarget } from '../../main/shell-policy/launch-routing.js';

function recordingTarget(fail?: string): LaunchTarget & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    openProject: async (file) => {
      await Promise.resolve();
      if (file === fail) throw new Error(`could not open ${file}`);
      calls.push(`project ${file}`);
    },
    openHome: () => {
      calls.push('home');
      return Promise.resolve();
    },
  };
}

describe('routeLaunch', () => {
  it("sends a second instance's project to its window, no project to the home screen, garbage to an error", () => {
    const cwd = path.resolve('/second/cwd');
    const route = (argv: string[]) => routeLaunch(parseShellArgs(argv, { packaged: true, cwd }));
    expect(route(['demo-desktop', 'open', 'x/project.json'])).toEqual({
      kind: 'open-project',
      projectFile: path.join(cwd, 'x/project.json'),
    });
    expect(route(['demo-desktop'])).toEqual({ kind: 'open-home' });
    expect(route(['demo-desktop', 'frobnicate'])).toMatchObject({
      kind: 'show-error',
      message: expect.stringContaining('unknown arguments'),
    });
  });
});

describe('LaunchQueue', () => {
  it('holds what arrives before ready (macOS open-file) and then runs everything in arrival order', async () => {
    const reports: string[] = [];
    const queue = new LaunchQueue((message) => reports.push(message));
    await queue.push({ kind: 'open-project', projectFile: '/a/project.json' });
    expect(queue.hasPending).toBe(true);
    const target = recordingTarget();
    const started = queue.start(target);
    const later = queue.push({ kind: 'open-home' });
    expect(queue.hasPending).toBe(false);
    await started;
    await later;
    expect(target.calls).toEqual(['project /a/project.json', 'home']);
    expect(reports).toEqual([]);
  });

  it('reports a failing or refused launch and goes on with the next', async () => {
    const reports: string[] = [];
    const queue = new LaunchQueue((message) => reports.push(message));
    const target = recordingTarget('/bad/project.json');
    await queue.start(target);
    void queue.push({ kind: 'open-project', projectFile: '/bad/project.json' });
    void queue.push({ kind: 'show-error', message: 'unknown arguments: x' });
    await queue.push({ kind: 'open-project', projectFile: '/good/project.json' });
    expect(target.calls).toEqual(['project /good/project.json']);
    expect(reports).toEqual(['could not open /bad/project.json', 'unknown arguments: x']);
  });
});
