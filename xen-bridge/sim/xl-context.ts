/**
 * What every simulated `xl` subcommand gets: the state directory and the two
 * output streams. A subcommand returns its exit code instead of exiting, so
 * the entry point alone decides when the process ends (after output drains).
 */
export interface XlContext {
  simDir: string;
  env: NodeJS.ProcessEnv;
  /** `xl -v`: extra detail on stderr, as real xl's verbosity flag. */
  verbose: boolean;
  out(text: string): void;
  err(text: string): void;
}

export type XlCommandRun = (ctx: XlContext, args: readonly string[]) => Promise<number>;

export interface XlCommandModule {
  run: XlCommandRun;
}
