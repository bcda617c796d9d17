/** Exit codes of the CLI; README.md documents the same table. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  cancelled: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can cause and fix. The CLI prints its message as one line
 * (no stack trace unless DEBUG is set) and exits with its code.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failed,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export class CancelledError extends CliError {
  constructor() {
    super("cancelled", ExitCode.cancelled);
    this.name = "CancelledError";
  }
}
