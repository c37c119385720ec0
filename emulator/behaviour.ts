// Switches for behaviours that Adobe's pages leave open or contradict. Each default is the choice
// safer for a user of the package; tests run the provider against both settings.

export interface Behaviour {
  /**
   * A Flow Service call without `x-sandbox-name`. The sources API spec lets the org's default
   * sandbox apply; the error catalogue has 2105-400 "The header x-sandbox-name is missing", and the
   * destinations spec marks the header required. Default "reject": a client that forgets the header
   * would otherwise write into production without noticing.
   */
  missingSandboxHeader: "reject" | "default-prod";
  /**
   * How values are stored: in the types the flow spec declares ("declared", as Adobe's examples
   * show: mappingVersion sent as 0 reads back "0", partialIngestionPercent sent as "10" reads back
   * 10), or exactly as sent ("as-sent"). Schedule values read back as strings either way, as the
   * update tutorial's GET shows. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
   */
  storedTypes: "declared" | "as-sent";
  /**
   * How long a flow stays in a transitional state (updating, initializing, disabling,
   * delete-finalizing) after a write, in ms. How long these last is not documented; 0 settles at once.
   */
  transitionMs: number;
  /**
   * `?mode=draft` on a spec whose `attributes.isDraftModeSupported` is false. The draft tutorial
   * says to check the attribute but no error is documented. Default "reject".
   */
  draftOnUnsupportedSpec: "reject" | "accept";
  /** `error_code` in gateway error bodies: a string in Adobe's examples, a number in the destinations spec. */
  gatewayErrorCode: "string" | "number";
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  missingSandboxHeader: "reject",
  storedTypes: "declared",
  transitionMs: 0,
  draftOnUnsupportedSpec: "reject",
  gatewayErrorCode: "string",
};

/** Checks a partial behaviour from the control plane or the CLI; throws naming the bad key. */
export function checkBehaviour(update: Record<string, unknown>): Partial<Behaviour> {
  const allowed: Record<keyof Behaviour, (v: unknown) => boolean> = {
    missingSandboxHeader: (v) => v === "reject" || v === "default-prod",
    storedTypes: (v) => v === "declared" || v === "as-sent",
    transitionMs: (v) => typeof v === "number" && Number.isFinite(v) && v >= 0,
    draftOnUnsupportedSpec: (v) => v === "reject" || v === "accept",
    gatewayErrorCode: (v) => v === "string" || v === "number",
  };
  for (const [key, value] of Object.entries(update)) {
    const ok = allowed[key as keyof Behaviour];
    if (!ok) throw new Error(`unknown behaviour "${key}": expected one of ${Object.keys(allowed).join(", ")}`);
    if (!ok(value)) throw new Error(`behaviour ${key}: ${JSON.stringify(value)} is not an allowed value`);
  }
  return update as Partial<Behaviour>;
}
