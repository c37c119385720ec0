#!/usr/bin/env node
// `npm run emulator [-- --port 4555 --host 127.0.0.1 --sandboxes prod,dev]`
import { parseArgs } from "node:util";
import { DEFAULT_SANDBOXES, startEmulator } from "./index";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.AEP_EMULATOR_PORT ?? "4555" },
      host: { type: "string", default: "127.0.0.1" },
      sandboxes: { type: "string", default: DEFAULT_SANDBOXES.join(",") },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "org-id": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${values.port}" is not a port number`);
  const custom = values["client-id"] || values["client-secret"] || values["org-id"];
  const emulator = await startEmulator({
    port,
    host: values.host,
    sandboxes: values.sandboxes === "any" ? "any" : values.sandboxes!.split(",").map((s) => s.trim()),
    clients: custom
      ? [{ clientId: values["client-id"] ?? "emulator-client", clientSecret: values["client-secret"] ?? "emulator-secret", orgId: values["org-id"] ?? "EMULATOR0000000000000000@AdobeOrg" }]
      : undefined,
  });
  const c = emulator.clients[0];
  process.stdout.write(
    [
      `AEP Flow Service emulator listening on ${emulator.url}`,
      `  Flow Service: ${emulator.url}/data/foundation/flowservice/flows`,
      `  IMS token:    ${emulator.url}/ims/token/v3`,
      `  control:      ${emulator.url}/__emulator/journal, /flows, /faults, /rate-limit, /reset`,
      `  sandboxes:    ${values.sandboxes}`,
      `Point a stack at it:`,
      `  pulumi config set aep:endpoint ${emulator.url}`,
      `  pulumi config set aep:imsEndpoint ${emulator.url}`,
      `  pulumi config set aep:clientId ${c.clientId}`,
      `  pulumi config set aep:orgId ${c.orgId}`,
      // The default client's secret is a documented local fake; a secret given on the command line is not echoed.
      `  pulumi config set --secret aep:clientSecret ${custom ? "<the --client-secret you gave>" : c.clientSecret}`,
      "",
    ].join("\n"),
  );
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  process.stderr.write(`emulator: ${(err as Error).message}\n`);
  process.exit(1);
});
