import { relative } from "node:path";
import { CancelledError, CliError } from "./errors.js";
import { installCommand, isOnPath, type PackageManager } from "./package-manager.js";
import { out, shellQuote } from "./ui.js";

/**
 * Runs the package manager's install in `dir` with its output streamed.
 * Returns false when the manager is not installed: the project is still fine,
 * and the next steps then include the install command.
 */
export async function installDependencies(
  dir: string,
  pm: PackageManager,
  signal: AbortSignal,
): Promise<boolean> {
  const [command, ...args] = installCommand(pm);
  if (!isOnPath(command!)) {
    out.warn(
      `${command} is not on PATH, so dependencies were not installed; install ${pm} or use --pm`,
    );
    return false;
  }

  out.info(`\nInstalling dependencies with ${pm}...\n`);
  const { execa } = await import("execa");
  try {
    await execa(command!, args, { cwd: dir, stdio: "inherit", cancelSignal: signal });
    return true;
  } catch (error) {
    if (signal.aborted) throw new CancelledError();
    const reason = (error as { shortMessage?: string }).shortMessage ?? String(error);
    const where = relative(process.cwd(), dir);
    const finish = [where && `cd ${shellQuote(where)}`, installCommand(pm).join(" ")];
    throw new CliError(
      `${installCommand(pm).join(" ")} failed (${reason.split("\n")[0]}); ` +
        "the files are in place: " +
        `run \`${finish.filter(Boolean).join(" && ")}\` to finish`,
    );
  }
}
