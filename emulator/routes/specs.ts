// `/flowSpecs` and `/connectionSpecs`: read-only, organization agnostic, answered in the list
// envelope, filterable by any property (`property=name=="CloudStorageToAEP"`).
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import type { FastifyInstance } from "fastify";
import { flowServiceError, notFound } from "../errors";
import { Query, listPage } from "../query";
import { RequestDeps, serve } from "../requests";
import { SERVICE_PREFIX } from "../services";
import { connectionSpecs, flowSpecs } from "../specs";

export function specRoutes(app: FastifyInstance, deps: RequestDeps): void {
  const kinds = [
    ["flowSpecs", flowSpecs],
    ["connectionSpecs", connectionSpecs],
  ] as const;
  for (const [path, specs] of kinds) {
    const base = `${SERVICE_PREFIX.flowservice}/${path}`;
    app.get(base, (req, reply) =>
      serve(deps, "flowservice", req, reply, () => ({
        status: 200,
        body: listPage(specs() as unknown as Record<string, unknown>[], req.query as Query, `/${path}`, deps.behaviour().listOrder),
      })),
    );
    app.get(`${base}/:id`, (req, reply) =>
      serve(deps, "flowservice", req, reply, () => {
        const id = (req.params as { id: string }).id;
        const spec = (specs() as readonly { id: string }[]).find((s) => s.id === id);
        // Unknown spec: the not-found body Adobe documents for flows (1439, the labels tutorial), naming the spec path.
        if (!spec) throw notFound(id, path);
        return { status: 200, body: { items: [spec] } };
      }),
    );
    // Creating or changing specs is for Sources SDK authors: "The user token is unauthorized to create/update the connection spec"
    // (1426, https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors); flow specs get the same.
    for (const method of ["POST", "PUT"] as const) {
      app.route({
        method,
        url: method === "POST" ? base : `${base}/:id`,
        handler: (req, reply) =>
          serve(deps, "flowservice", req, reply, () => {
            throw flowServiceError(
              1426,
              400,
              "The user token is unauthorized to create/update the connection spec. Please ensure that the user token is authorized and try again.",
            );
          }),
      });
    }
  }
}
