#!/usr/bin/env node
// `npm run emulator [-- --port 4555 --host 127.0.0.1 --sandboxes prod,dev ...]`; `--help` for all options.
import { parseArgs } from "node:util";
import { SWITCHES } from "./behaviour";
import { DEFAULT_BEHAVIOUR, DEFAULT_EMULATOR_CLIENT, DEFAULT_SANDBOXES, EXAMPLE_FIXTURES, startEmulator } from "./index";

/** `listOrder` → `list-order`: a behaviour switch's flag. */
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One --help line per behaviour switch (behaviour.ts), with its values and default. */
const SWITCH_HELP = Object.entries(SWITCHES)
  .map(([key, s]) => {
    const flag = `  --${kebab(key)} ${s.values === "ms" ? "<ms>" : s.values.join("|")}`;
    return `${flag.padEnd(50)} ${s.means} (default ${DEFAULT_BEHAVIOUR[key as keyof typeof DEFAULT_BEHAVIOUR]})`;
  })
  .join("\n");

const HELP = `usage: npm run emulator -- [options]

A local Adobe Experience Platform on one address: the Flow Service (flows; base, source and target
connections; flow and connection specs; runs), Data Prep mapping sets, Catalog datasets, the Schema
Registry (field groups, schemas, descriptors, /stats) and the IMS token endpoint, with a control plane for tests under /__emulator.

Every sandbox starts with the example fixtures (emulator/fixtures.ts): the S3, Salesforce and HTTP API
connections, data lake targets, mapping sets, datasets and schemas whose ids the examples name.

  --port <n>                      port (default 4555, or $AEP_EMULATOR_PORT; 0 picks a free one)
  --host <addr>                   address to listen on (default 127.0.0.1)
  --sandboxes <a,b,...>|any       sandboxes that exist (default ${DEFAULT_SANDBOXES.join(",")})
  --client-id <id>                the OAuth client IMS accepts (default ${DEFAULT_EMULATOR_CLIENT.clientId})
  --client-secret <secret>        its secret (default ${DEFAULT_EMULATOR_CLIENT.clientSecret}, a local fake)
  --org-id <org>                  its org (default ${DEFAULT_EMULATOR_CLIENT.orgId})
  --role-labels <a,b,...>         access labels the client's role has (default: no restriction)
${SWITCH_HELP}
  --fixtures example|none         what every sandbox starts with (default example; none: an empty emulator)
  --help                          this text

Default client credentials (local fakes): client id ${DEFAULT_EMULATOR_CLIENT.clientId}, client secret
${DEFAULT_EMULATOR_CLIENT.clientSecret}, org ${DEFAULT_EMULATOR_CLIENT.orgId}.
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.AEP_EMULATOR_PORT ?? "4555" },
      host: { type: "string", default: "127.0.0.1" },
      sandboxes: { type: "string", default: DEFAULT_SANDBOXES.join(",") },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "org-id": { type: "string" },
      "role-labels": { type: "string" },
      ...Object.fromEntries(Object.keys(SWITCHES).map((k) => [kebab(k), { type: "string" as const }])),
      fixtures: { type: "string", default: "example" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${values.port}" is not a port number`);
  const custom = values["client-id"] || values["client-secret"] || values["org-id"];
  const base = custom
    ? {
        clientId: values["client-id"] ?? DEFAULT_EMULATOR_CLIENT.clientId,
        clientSecret: values["client-secret"] ?? DEFAULT_EMULATOR_CLIENT.clientSecret,
        orgId: values["org-id"] ?? DEFAULT_EMULATOR_CLIENT.orgId,
      }
    : DEFAULT_EMULATOR_CLIENT;
  const roleLabels = values["role-labels"]
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const behaviour = Object.fromEntries(
    Object.entries(SWITCHES).flatMap(([key, { values: kind }]) => {
      const given = (values as Record<string, unknown>)[kebab(key)] as string | undefined;
      return given === undefined ? [] : [[key, kind === "ms" ? Number(given) : given]];
    }),
  );
  if (values.fixtures !== "example" && values.fixtures !== "none")
    throw new Error(`--fixtures: "${values.fixtures}" is not example or none`);
  const emulator = await startEmulator({
    fixtures: values.fixtures === "none" ? "none" : EXAMPLE_FIXTURES,
    port,
    host: values.host,
    sandboxes: values.sandboxes === "any" ? "any" : values.sandboxes!.split(",").map((s) => s.trim()),
    clients: [{ ...base, ...(roleLabels ? { roleLabels } : {}) }],
    behaviour,
  });
  const c = emulator.clients[0];
  process.stdout.write(
    [
      `AEP Flow Service emulator listening on ${emulator.url}`,
      `  Flow Service: ${emulator.url}/data/foundation/flowservice/flows (also /connections, /sourceConnections, /targetConnections, /flowSpecs, /connectionSpecs, /runs)`,
      `  Data Prep:    ${emulator.url}/data/foundation/conversion/mappingSets`,
      `  Catalog:      ${emulator.url}/data/foundation/catalog/dataSets`,
      `  Schemas:      ${emulator.url}/data/foundation/schemaregistry/tenant/schemas (also /tenant/fieldgroups, /tenant/descriptors, /stats)`,
      `  IMS token:    ${emulator.url}/ims/token/v3`,
      `  control:      ${emulator.url}/__emulator/journal, /flows, /connections/{base|source|target}, /mapping-sets, /datasets, /schemas, /field-groups, /descriptors, /faults, /rate-limit, /clock, /behaviour, /reset`,
      `  sandboxes:    ${values.sandboxes} (fixtures: ${values.fixtures})`,
      `Point a stack at it:`,
      `  pulumi config set aep:endpoint ${emulator.url}`,
      `  pulumi config set aep:imsEndpoint ${emulator.url}`,
      `  pulumi config set aep:clientId ${c.clientId}`,
      `  pulumi config set aep:orgId ${c.orgId}`,
      // The default client's secret is a documented local fake; a secret given on the command line is not echoed.
      `  pulumi config set --secret aep:clientSecret ${values["client-secret"] ? "<the --client-secret you gave>" : c.clientSecret}`,
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
