// Schema Registry (`/data/foundation/schemaregistry`), read-only here: `GET /tenant/schemas` (with
// an unversioned Accept such as `application/vnd.adobe.xed-id+json`) and `GET /tenant/schemas/{id}`
// by `meta:altId` or URL-encoded `$id` (with a versioned Accept). Seeded by fixtures and the control plane.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas
import type { FastifyInstance } from "fastify";
import { Query, one } from "../query";
import { RequestDeps, serve } from "../requests";
import { SERVICE_PREFIX } from "../services";
import type { SchemaStore } from "../store/schemas";

export function schemaRoutes(app: FastifyInstance, deps: RequestDeps, store: SchemaStore): void {
  const base = `${SERVICE_PREFIX.schemaregistry}/tenant/schemas`;
  app.get(base, (req, reply) =>
    serve(deps, "schemaregistry", req, reply, (caller) => ({
      status: 200,
      body: store.list(caller.sandboxName, one(req.headers.accept), req.query as Query),
    })),
  );
  app.get(`${base}/:id`, (req, reply) =>
    serve(deps, "schemaregistry", req, reply, (caller) => ({
      status: 200,
      body: store.lookup(caller.sandboxName, decodeURIComponent((req.params as { id: string }).id), one(req.headers.accept)),
    })),
  );
}
