// The Adobe services the emulator serves, and where each lives on its one address. A journal entry,
// a fault rule and the request path name a service by these keys.

/** Every emulated service, in the order the fault rules' error message lists them. */
export const SERVICES = ["flowservice", "ims", "dataprep", "catalog", "schemaregistry"] as const;

export type Service = (typeof SERVICES)[number];

/**
 * Where each emulated service lives on the one address the emulator serves: the base paths of the specs' `servers`
 * (https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml, and
 * data-prep.yaml, catalog.yaml and schema-registry.yaml's `basePath` beside it). IMS serves `/ims/token/v3` at its root.
 */
export const SERVICE_PREFIX: Record<Service, string> = {
  flowservice: "/data/foundation/flowservice",
  ims: "",
  dataprep: "/data/foundation/conversion",
  catalog: "/data/foundation/catalog",
  schemaregistry: "/data/foundation/schemaregistry",
};

/** Which service a path belongs to, for requests that match no route; undefined outside every service (IMS included). */
export function serviceOf(pathname: string): Service | undefined {
  const entries = Object.entries(SERVICE_PREFIX) as [Service, string][];
  return entries.find(([s, prefix]) => s !== "ims" && prefix && pathname.startsWith(`${prefix}/`))?.[0];
}
