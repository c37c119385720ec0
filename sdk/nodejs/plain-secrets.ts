// A secret setting (aep:clientSecret, aep:accessToken) set without `--secret` is kept in plain text
// by Pulumi: in Pulumi.<stack>.yaml, and in the state, as an input and output of the provider that
// hosts this package's resources (Pulumi hands that provider the stack's whole configuration). The
// package cannot encrypt it afterwards; it says so once per program, with the command that fixes it.
import * as pulumi from "@pulumi/pulumi";
import { SETTINGS, SettingName } from "../../provider/adobe/settings";

/** Pulumi's own record of which config keys are secrets (an internal export of @pulumi/pulumi 3.x). */
interface ConfigRuntime {
  getConfig(key: string): string | undefined;
  isConfigSecret?(key: string): boolean;
}

const SECRET_SETTINGS = (Object.keys(SETTINGS) as SettingName[]).filter((name) => (SETTINGS[name] as { secret?: boolean }).secret);

let checked = false;

/**
 * The `aep:` keys of secret settings that the stack's configuration holds in plain text, e.g.
 * `["aep:clientSecret"]`; empty outside a Pulumi program or when Pulumi cannot say. Pure but for reading the config.
 */
export function plainSecretSettings(runtime: ConfigRuntime = require("@pulumi/pulumi/runtime/config") as ConfigRuntime): string[] {
  if (typeof runtime.isConfigSecret !== "function") return [];
  return SECRET_SETTINGS.map((name) => `aep:${name}`).filter(
    (key) => runtime.getConfig(key) !== undefined && !runtime.isConfigSecret!(key),
  );
}

/** Warns once per program (as its first resource of this package is declared) about each secret setting kept in plain text. */
export function warnPlainSecretSettings(): void {
  if (checked) return;
  checked = true;
  for (const key of plainSecretSettings()) {
    void pulumi.log.warn(
      `${key} is set in plain text: Pulumi keeps it unencrypted in Pulumi.<stack>.yaml and in the stack's state (the inputs of ` +
        `the provider of this package's resources). Set it as a secret: \`pulumi config set --secret ${key} <value>\`, then \`pulumi up\`.`,
    );
  }
}
