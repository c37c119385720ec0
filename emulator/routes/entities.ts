// The routes every Flow Service entity kind shares: `POST /{kind}[?mode=draft]` → 201 `{id, etag}`
// with `Location`; `GET /{kind}` (the list semantics of /flows); `GET /{kind}/{id}` in the list
// envelope `{items: [...]}`; `PATCH` (JSON Patch, `If-Match`) → 200 `{id, etag}`;
// `POST /{kind}/{id}/action?op=…` → 200 `{id, etag}`; `DELETE` → 204.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft,
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml
import type { FastifyInstance } from "fastify";
import { invalid } from "../errors";
import type { StoredEntity } from "../kinds/entity";
import { Query, listPage, one } from "../query";
import { RequestDeps, jsonBody, serve } from "../requests";
import { SERVICE_PREFIX } from "../services";
import type { EntityStore } from "../store/entities";

export function entityRoutes<T extends StoredEntity>(app: FastifyInstance, deps: RequestDeps, store: EntityStore<T>): void {
  const path = store.kind.path;
  const base = `${SERVICE_PREFIX.flowservice}/${path}`;
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.post(base, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => {
      const mode = one((req.query as Query).mode);
      // Only mode=draft is documented (the draft tutorial). The sources catalogue's 1368 ("Mode is not allowed in flow
      // request") may be Adobe's answer to others; the emulator answers 1100 naming the mode.
      if (mode !== undefined && mode !== "draft") throw invalid(`unknown mode "${mode}": only mode=draft is supported`);
      const entity = store.create(caller, jsonBody(req, deps.behaviour()), mode === "draft");
      return { status: 201, body: { id: entity.id, etag: entity.etag }, headers: { Location: `${base}/${entity.id}` } };
    }),
  );

  app.get(base, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => ({
      status: 200,
      body: listPage(store.list(caller), req.query as Query, `/${path}`, deps.behaviour().listOrder),
    })),
  );

  app.get(`${base}/:id`, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => ({ status: 200, body: { items: [store.get(caller, id(req))] } })),
  );

  // The spec writes the base connection's PATCH and DELETE paths with a trailing slash; both forms are served.
  for (const url of [`${base}/:id`, `${base}/:id/`]) {
    app.patch(url, (req, reply) =>
      serve(deps, "flowservice", req, reply, (caller) => {
        const entity = store.patch(caller, id(req), one(req.headers["if-match"]), jsonBody(req, deps.behaviour()));
        return { status: 200, body: { id: entity.id, etag: entity.etag } };
      }),
    );
    app.delete(url, (req, reply) =>
      serve(deps, "flowservice", req, reply, (caller) => {
        store.delete(caller, id(req));
        return { status: 204 };
      }),
    );
  }

  app.post(`${base}/:id/action`, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => {
      const op = one((req.query as Query).op);
      // `op` is `required: true` in the spec; no code is documented for its absence: 1100.
      if (!op) throw invalid("the op query parameter is required (e.g. op=publish)");
      const entity = store.action(caller, id(req), op, one(req.headers["if-match"]));
      return { status: 200, body: { id: entity.id, etag: entity.etag } };
    }),
  );
}
