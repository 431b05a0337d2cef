/**
 * Ends a simulated tool once everything it wrote has reached the pipe. Exiting
 * explicitly matters: a detached supervisor child or a file watcher must not
 * keep `xl` alive, but a plain process.exit() could cut off buffered output.
 */
export function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/** A reader closing our stdout (e.g. `xentop -b | head`) ends the tool quietly, as SIGPIPE ends the C tools. */
export function exitOnStdoutClose(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    process.exit(e.code === 'EPIPE' ? 0 : 1);
  });
}
