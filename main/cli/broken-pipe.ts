/**
 * A reader that goes away (`demo-desktop --help | head -1`, a script that read "Running on" and
 * exited) closes our stdout: the next write fails with EPIPE, which Node raises as an unhandled
 * 'error' event and so kills the process with a stack trace, a server without its clean-up. That is
 * not a failure of ours: what would have been printed is dropped and the command goes on (a server
 * keeps serving; Ctrl-C or SIGTERM still stops it cleanly). Any other write error still throws.
 */
export function dropWritesOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    throw error;
  });
}
