import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * The bench's helper processes (the HTTP load generator, the IPC echo): forked from a .ts file next
 * to this one. Under tsx (how `npm run bench` runs) process.execArgv carries its loader, so the
 * child runs the .ts source too. Structured-clone IPC, as the app's workers use.
 */
export function forkBenchChild(file: string): ChildProcess {
  return fork(join(import.meta.dirname, file), [], { serialization: 'advanced' });
}

/** The child's next message; rejects if it exits first. */
export function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T): void => {
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`the bench child process exited (code ${code ?? 'null'})`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}
