import type { ShellArgs } from './argv.js';

/**
 * What to do with a launch request: the first instance's own argv, a second instance's argv
 * (single instance: the second process quits and hands its argv over), a file the OS opened with
 * the app (macOS open-file) or a deep link (macOS open-url). A project opens in its window, or that
 * window comes to the front when it is open already; no project means the home screen.
 */
export type LaunchAction =
  | { readonly kind: 'open-project'; readonly projectFile: string }
  | { readonly kind: 'open-home' }
  | { readonly kind: 'show-error'; readonly message: string };

/** The desk's part in a launch (main/desk: it serves projects and asks the WindowHost to show them). */
export interface LaunchTarget {
  /** Serves the project (once) and opens or focuses its window. */
  openProject(projectFile: string): Promise<void>;
  /** Opens or focuses the home screen. */
  openHome(): Promise<void>;
}

export function routeLaunch(args: ShellArgs): LaunchAction {
  switch (args.kind) {
    case 'open':
      return { kind: 'open-project', projectFile: args.projectFile };
    case 'home':
      return { kind: 'open-home' };
    case 'error':
      return { kind: 'show-error', message: args.message };
  }
}

/**
 * Runs launch actions one after another, in the order they came, and holds them until the app is
 * ready: macOS sends open-file and open-url before `ready`, and two quick double-clicks must not
 * race each other. A failing action is reported and does not stop the ones after it.
 */
export class LaunchQueue {
  private pending: LaunchAction[] = [];
  private chain: Promise<void> = Promise.resolve();
  private target: LaunchTarget | undefined;

  constructor(private readonly report: (message: string) => void) {}

  /** Something waits for `start` (macOS opened a file before `ready`: no home screen then). */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  push(action: LaunchAction): Promise<void> {
    if (this.target === undefined) {
      this.pending.push(action);
      return Promise.resolve();
    }
    return this.enqueue(this.target, action);
  }

  /** The desk is up: runs what waited, then every later action as it comes. */
  start(target: LaunchTarget): Promise<void> {
    this.target = target;
    const waiting = this.pending;
    this.pending = [];
    for (const action of waiting) void this.enqueue(target, action);
    return this.chain;
  }

  private enqueue(target: LaunchTarget, action: LaunchAction): Promise<void> {
    this.chain = this.chain.then(() =>
      run(target, action).catch((error: unknown) => {
        this.report(error instanceof Error ? error.message : String(error));
      }),
    );
    return this.chain;
  }
}

function run(target: LaunchTarget, action: LaunchAction): Promise<void> {
  switch (action.kind) {
    case 'open-project':
      return target.openProject(action.projectFile);
    case 'open-home':
      return target.openHome();
    case 'show-error':
      return Promise.reject(new Error(action.message));
  }
}
