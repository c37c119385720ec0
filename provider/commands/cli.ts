#!/usr/bin/env node
// The `pulumi-aep-dataflows` command: `export` (a sandbox's flows to a ready program) and `recover`
// (flows an interrupted `pulumi up` made, brought into the stack).
import { EXPORT_USAGE, UsageError, runExport } from "./export/cli";
import { RECOVER_USAGE, RecoverUsageError, runRecover } from "./recover/cli";

const USAGE = `usage: pulumi-aep-dataflows <command> [options]

  export    write a Pulumi program that adopts a sandbox's flows (--help for its options)
  recover   after an interrupted \`pulumi up\`, bring the flows it made into the stack (--help)
`;

async function main(argv: string[]): Promise<number> {
  const command = argv.find((a) => !a.startsWith("-"));
  if (command === "recover") {
    try {
      const { lines, exitCode } = await runRecover(argv.filter((a) => a !== "recover"));
      process.stdout.write(`${lines.join("\n")}\n`);
      return exitCode;
    } catch (err) {
      if (err instanceof RecoverUsageError) {
        process.stderr.write(`${err.message ? `${err.message}\n\n` : ""}${RECOVER_USAGE}`);
        return err.message ? 1 : 0;
      }
      throw err;
    }
  }
  if (command === "export") {
    try {
      process.stdout.write(`${(await runExport(argv)).join("\n")}\n`);
      return 0;
    } catch (err) {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message ? `${err.message}\n\n` : ""}${EXPORT_USAGE}`);
        return err.message ? 1 : 0;
      }
      throw err;
    }
  }
  process.stderr.write(`${command ? `unknown command "${command}"\n\n` : ""}${USAGE}`);
  return command || !argv.includes("--help") ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`pulumi-aep-dataflows: ${err.message}\n`);
    process.exit(1);
  },
);
