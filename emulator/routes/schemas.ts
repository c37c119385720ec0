// Schema Registry (`/data/foundation/schemaregistry`): tenant field groups and schemas (create, lookup with a versioned
// Accept by `meta:altId` or URL-encoded `$id`, list with an unversioned Accept, PUT, PATCH, DELETE), descriptors and
// `/stats`. Every request goes through serve (journal, faults, gateway and sandbox checks).
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started (stats)
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Caller } from "../caller";
import { Query, one } from "../query";
import { Answer, RequestDeps, jsonBody, serve } from "../requests";
import { SERVICE_PREFIX } from "../services";
import type { FieldGroupStore } from "../store/field-groups";
import type { SchemaRegistry } from "../store/registry";
import type { SchemaStore } from "../store/schemas";

const idOf = (req: FastifyRequest) => decodeURIComponent((req.params as { id: string }).id);

export function schemaRoutes(app: FastifyInstance, deps: RequestDeps, registry: SchemaRegistry): void {
  const root = SERVICE_PREFIX.schemaregistry;
  const route = (handler: (caller: Caller, req: FastifyRequest) => Answer) => (req: FastifyRequest, reply: Parameters<typeof serve>[3]) =>
    serve(deps, "schemaregistry", req, reply, handler);
  const body = (req: FastifyRequest) => jsonBody(req, deps.behaviour());

  // Field groups and schemas: the same verbs, statuses and Accept rules (the two guides).
  const tenantRoutes = (path: string, store: FieldGroupStore | SchemaStore, remove: (caller: Caller, id: string) => void) => {
    const base = `${root}/tenant/${path}`;
    app.get(
      base,
      route((c, req) => ({ status: 200, body: store.list(c.sandboxName, one(req.headers.accept), req.query as Query) })),
    );
    app.get(
      `${base}/:id`,
      route((c, req) => ({ status: 200, body: store.lookup(c.sandboxName, idOf(req), one(req.headers.accept)) })),
    );
    app.post(
      base,
      route((c, req) => ({ status: 201, body: store.create(c, body(req)) })),
    );
    app.put(
      `${base}/:id`,
      route((c, req) => ({ status: 200, body: store.replace(c, idOf(req), body(req)) })),
    );
    app.patch(
      `${base}/:id`,
      route((c, req) => ({ status: 200, body: store.patch(c, idOf(req), body(req)) })),
    );
    app.delete(
      `${base}/:id`,
      route((c, req) => (remove(c, idOf(req)), { status: 204 })),
    );
  };
  // Deleting a field group a schema still uses: Adobe documents neither a refusal nor a cascade; the delete is taken.
  tenantRoutes("fieldgroups", registry.fieldGroups, (c, id) => registry.fieldGroups.remove(c, id));
  tenantRoutes("schemas", registry.schemas, (c, id) => registry.schemas.delete(c, id));

  const descriptors = registry.descriptors;
  const d = `${root}/tenant/descriptors`;
  app.get(
    d,
    route((c, req) => ({ status: 200, body: descriptors.list(c, one(req.headers.accept), req.query as Query) })),
  );
  app.get(
    `${d}/:id`,
    route((c, req) => ({ status: 200, body: descriptors.get(c, idOf(req)) })),
  );
  app.post(
    d,
    route((c, req) => ({ status: 201, body: descriptors.create(c, body(req)) })),
  );
  app.put(
    `${d}/:id`,
    route((c, req) => {
      const written = descriptors.replace(c, idOf(req), body(req));
      // Behaviour `descriptorPut`: the spec's 200 with the descriptor, or the guide's 201 with its @id.
      return deps.behaviour().descriptorPut === "201-id"
        ? { status: 201, body: { "@id": written["@id"] } }
        : { status: 200, body: written };
    }),
  );
  app.delete(
    `${d}/:id`,
    route((c, req) => (descriptors.delete(c, idOf(req)), { status: 204 })),
  );

  app.get(
    `${root}/stats`,
    route((c) => ({ status: 200, body: registry.stats(c) })),
  );
}
