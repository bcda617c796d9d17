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

/** What the file system said, in words, for the errors a user's machine can cause. */
const fileSystemReasons: Record<string, string> = {
  EACCES: "permission denied; choose a folder you can write to",
  EPERM: "not permitted; choose a folder you can write to",
  EROFS: "the file system is read-only; choose another folder",
  ENOSPC: "the disk is full; free some space and run again",
  ENAMETOOLONG: "the name is too long; choose a shorter one",
  ENOTDIR: "a part of the path is a file, not a folder; choose another path",
  ENOENT: "a part of the path does not exist (a broken link?); choose another path",
  ELOOP: "too many symbolic links; choose another path",
};

/**
 * One line for an error that is not a CliError: a file-system failure named with its
 * path and what to do, anything else with its message and the hint to use DEBUG.
 */
export function describeUnexpected(error: unknown): string {
  const { code, path, message } = (error ?? {}) as {
    code?: string;
    path?: string;
    message?: string;
  };
  const reason = code === undefined ? undefined : fileSystemReasons[code];
  if (reason && path) return `cannot write ${path}: ${reason}`;
  return `${message ?? String(error)} (run again with DEBUG=1 for details)`;
}
