// Read-only lookups for programs: the ids that differ per sandbox or org, found by name, so one
// program wires the right ids in every sandbox without per-stack id lists (Adobe's sandbox tooling
// gives copied entities new ids: https://experienceleague.adobe.com/en/docs/experience-platform/sandbox/ui/sandbox-tooling).
// They run in the program, with the stack's `aep:*` config (else the AEP_* variables), on every
// `pulumi preview` and `up`: a read each (cached within the run), never a write. A name that matches
// nothing, or more than one thing, fails the program with what was found.
import * as pulumi from "@pulumi/pulumi";
import type { FlowServiceClient } from "../../provider/adobe/client";
import { SETTINGS, SettingName, resolveSettings } from "../../provider/adobe/settings";
import { LOOKUP_READS } from "../../provider/lookups/reads";

// What the lookups give is generated from their declarations (provider/lookups/declaration.ts), where their docs live.
import type {
  AuthSpecResult,
  ConnectionSpecResult,
  DatasetResult,
  FlowRunResult,
  FlowSpecResult,
  LookupOptions,
  SchemaResult,
} from "./lookup-types";
export type { AuthSpecResult, ConnectionSpecResult, DatasetResult, FlowRunResult, FlowSpecResult, LookupOptions, SchemaResult };

const SECRET_SETTINGS = (Object.keys(SETTINGS) as SettingName[]).filter((name) => "secret" in SETTINGS[name]);

let clients: Map<string, FlowServiceClient> | undefined;
const cache = new Map<string, Promise<unknown>>();

/** The settings as the provider resolves them: the stack's `aep:*` config, then the environment. Secret ones read as secrets. */
function settingsOutput() {
  const config = new pulumi.Config("aep");
  const secrets = SECRET_SETTINGS.map((name) => config.getSecret(SETTINGS[name].config.slice("aep:".length)));
  return pulumi.all(secrets).apply((values) => {
    const secretValues = Object.fromEntries(SECRET_SETTINGS.map((name, i) => [SETTINGS[name].config, values[i]]));
    return resolveSettings(
      {
        get: (key) => (key in secretValues ? secretValues[key] : config.get(key.slice("aep:".length))),
      },
      process.env,
    );
  });
}

/** Runs a read once per key and run, with the client of the stack's settings; the result is not a secret. */
function lookup<T>(
  what: string,
  sandboxName: pulumi.Input<string> | undefined,
  read: (client: FlowServiceClient, sandboxName: string) => Promise<T>,
): pulumi.Output<T> {
  const result = pulumi.all([settingsOutput(), sandboxName]).apply(([settings, sandbox]) => {
    const sb = sandbox ?? settings.sandboxName;
    const key = `${what}@${sb}`;
    let pending = cache.get(key) as Promise<T> | undefined;
    if (!pending) {
      clients ??= new Map();
      const clientKey = `${settings.endpoint}|${settings.clientId}|${settings.orgId}`;
      let client = clients.get(clientKey);
      if (!client) {
        const { FlowServiceClient } = require("../../provider/adobe/client") as typeof import("../../provider/adobe/client");
        client = new FlowServiceClient({ ...settings });
        clients.set(clientKey, client);
      }
      pending = read(client, sb);
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    return pending;
  });
  return pulumi.unsecret(result) as pulumi.Output<T>;
}

/** A lookup by one name or title, which may be an Output: read once per value, sandbox and run. */
function byName<T>(
  kind: string,
  value: pulumi.Input<string>,
  opts: LookupOptions,
  read: (client: FlowServiceClient, sandboxName: string, value: string) => Promise<T>,
): pulumi.Output<T> {
  return pulumi.output(value).apply((v) => lookup(`${kind}:${v}`, opts.sandboxName, (client, sandboxName) => read(client, sandboxName, v)));
}

/** A flow spec by name (e.g. "CloudStorageToAEP"): `GET /flowSpecs?property=name=="…"`. The name may be an Output. */
export function getFlowSpec(args: { name: pulumi.Input<string> }, opts: LookupOptions = {}): pulumi.Output<FlowSpecResult> {
  return byName("flowSpec", args.name, opts, (client, sandboxName, name) => LOOKUP_READS.getFlowSpec(client, sandboxName, { name }));
}

/** A connection spec by name (e.g. "amazon-s3"), with its auth specs and which of their params are secrets. The name may be an Output. */
export function getConnectionSpec(args: { name: pulumi.Input<string> }, opts: LookupOptions = {}): pulumi.Output<ConnectionSpecResult> {
  return byName("connectionSpec", args.name, opts, (client, sandboxName, name) =>
    LOOKUP_READS.getConnectionSpec(client, sandboxName, { name }),
  );
}

/**
 * The dataset named exactly `name` in the sandbox (Catalog; names are not unique, so more than one match fails). The name
 * may be an Output (e.g. a stack reference's).
 */
export function getDataset(args: { name: pulumi.Input<string> }, opts: LookupOptions = {}): pulumi.Output<DatasetResult> {
  return byName("dataset", args.name, opts, (client, sandboxName, name) => LOOKUP_READS.getDataset(client, sandboxName, { name }));
}

/** The tenant schema titled exactly `title` in the sandbox (Schema Registry). The title may be an Output. */
export function getSchema(args: { title: pulumi.Input<string> }, opts: LookupOptions = {}): pulumi.Output<SchemaResult> {
  return byName("schema", args.title, opts, (client, sandboxName, title) => LOOKUP_READS.getSchema(client, sandboxName, { title }));
}

/**
 * A flow's latest runs, newest first (`GET /runs?property=flowId==…`): whether a published flow
 * is healthy. Adobe reports a run with failed records as a success: check `failedRecordCount`.
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor
 */
export function getFlowRuns(
  args: { flowId: pulumi.Input<string>; limit?: number },
  opts: LookupOptions = {},
): pulumi.Output<FlowRunResult[]> {
  return pulumi
    .output(args.flowId)
    .apply((flowId) =>
      lookup(`runs:${flowId}:${args.limit ?? 10}`, opts.sandboxName, (client, sandboxName) =>
        LOOKUP_READS.getFlowRuns(client, sandboxName, { flowId, limit: args.limit }).then((r) => r.runs),
      ),
    );
}
