#!/usr/bin/env node
// `npm run emulator [-- --port 4555 --host 127.0.0.1 --sandboxes prod,dev ...]`; `--help` for all options.
import { parseArgs } from "node:util";
import { DEFAULT_BEHAVIOUR, DEFAULT_EMULATOR_CLIENT, DEFAULT_SANDBOXES, EXAMPLE_FIXTURES, startEmulator } from "./index";

const HELP = `usage: npm run emulator -- [options]

A local Adobe Experience Platform on one address: the Flow Service (flows; base, source and target
connections; flow and connection specs; runs), Data Prep mapping sets, Catalog datasets and Schema
Registry schemas (read-only), and the IMS token endpoint, with a control plane for tests under /__emulator.

Every sandbox starts with the example fixtures (emulator/fixtures.ts): the S3, Salesforce and HTTP API
connections, data lake targets, mapping sets, datasets and schemas whose ids the examples name.

  --port <n>                      port (default 4555, or $AEP_EMULATOR_PORT; 0 picks a free one)
  --host <addr>                   address to listen on (default 127.0.0.1)
  --sandboxes <a,b,...>|any       sandboxes that exist (default ${DEFAULT_SANDBOXES.join(",")})
  --client-id <id>                the OAuth client IMS accepts (default ${DEFAULT_EMULATOR_CLIENT.clientId})
  --client-secret <secret>        its secret (default ${DEFAULT_EMULATOR_CLIENT.clientSecret}, a local fake)
  --org-id <org>                  its org (default ${DEFAULT_EMULATOR_CLIENT.orgId})
  --role-labels <a,b,...>         access labels the client's role has (default: no restriction)
  --missing-sandbox-header reject|default-prod   (default ${DEFAULT_BEHAVIOUR.missingSandboxHeader})
  --stored-types declared|as-sent                (default ${DEFAULT_BEHAVIOUR.storedTypes})
  --transition-ms <n>             time a flow stays updating/initializing/disabling after a write (default ${DEFAULT_BEHAVIOUR.transitionMs})
  --draft-on-unsupported-spec reject|accept      (default ${DEFAULT_BEHAVIOUR.draftOnUnsupportedSpec})
  --gateway-error-code string|number             (default ${DEFAULT_BEHAVIOUR.gatewayErrorCode})
  --referential-checks enforce|off               references between entities, publish and delete order (default ${DEFAULT_BEHAVIOUR.referentialChecks})
  --secret-params masked|omitted                 what a GET shows of a password auth param (default ${DEFAULT_BEHAVIOUR.secretParams})
  --connection-patch-paths documented|lenient    PATCH paths of source/target connections (default ${DEFAULT_BEHAVIOUR.connectionPatchPaths})
  --mapping-set-delete absent|supported          DELETE /mappingSets/{id} (default ${DEFAULT_BEHAVIOUR.mappingSetDelete})
  --draft-base-connection-writes allow|refuse    update/delete of a draft base connection (default ${DEFAULT_BEHAVIOUR.draftBaseConnectionWrites})
  --list-order newest-first|oldest-first         lists without orderby (default ${DEFAULT_BEHAVIOUR.listOrder})
  --past-start-time refuse|accept-drafts         a create whose start time has passed (default ${DEFAULT_BEHAVIOUR.pastStartTime})
  --mapping-set-default-version latest|first     GET /mappingSets/{id} without version (default ${DEFAULT_BEHAVIOUR.mappingSetDefaultVersion})
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
      "missing-sandbox-header": { type: "string" },
      "stored-types": { type: "string" },
      "transition-ms": { type: "string" },
      "draft-on-unsupported-spec": { type: "string" },
      "gateway-error-code": { type: "string" },
      "referential-checks": { type: "string" },
      "secret-params": { type: "string" },
      "connection-patch-paths": { type: "string" },
      "mapping-set-delete": { type: "string" },
      "draft-base-connection-writes": { type: "string" },
      "list-order": { type: "string" },
      "past-start-time": { type: "string" },
      "mapping-set-default-version": { type: "string" },
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
    Object.entries({
      missingSandboxHeader: values["missing-sandbox-header"],
      storedTypes: values["stored-types"],
      transitionMs: values["transition-ms"] === undefined ? undefined : Number(values["transition-ms"]),
      draftOnUnsupportedSpec: values["draft-on-unsupported-spec"],
      gatewayErrorCode: values["gateway-error-code"],
      referentialChecks: values["referential-checks"],
      secretParams: values["secret-params"],
      connectionPatchPaths: values["connection-patch-paths"],
      mappingSetDelete: values["mapping-set-delete"],
      draftBaseConnectionWrites: values["draft-base-connection-writes"],
      listOrder: values["list-order"],
      pastStartTime: values["past-start-time"],
      mappingSetDefaultVersion: values["mapping-set-default-version"],
    }).filter(([, v]) => v !== undefined),
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
      `  Schemas:      ${emulator.url}/data/foundation/schemaregistry/tenant/schemas`,
      `  IMS token:    ${emulator.url}/ims/token/v3`,
      `  control:      ${emulator.url}/__emulator/journal, /flows, /connections/{base|source|target}, /mapping-sets, /datasets, /schemas, /faults, /rate-limit, /clock, /behaviour, /reset`,
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
