// The emulator's routes, as a table: each Adobe service's routes (routes/*.ts), each request served
// through requests.ts, and the control plane for tests under /__emulator.
import Fastify, { FastifyInstance } from "fastify";
import { RequestDeps, unmatched } from "./requests";
import { catalogRoutes } from "./routes/catalog";
import { ControlDeps, controlRoutes } from "./routes/control";
import { dataPrepRoutes } from "./routes/dataprep";
import { entityRoutes } from "./routes/entities";
import { imsRoutes } from "./routes/ims";
import { runRoutes } from "./routes/runs";
import { schemaRoutes } from "./routes/schemas";
import { specRoutes } from "./routes/specs";

/** Everything the emulator holds: its platform (every store), IMS, journal, faults, clock and behaviour switches. */
export type EmulatorState = ControlDeps;

export function buildServer(state: EmulatorState): FastifyInstance {
  // Adobe documents no request-size limit for these APIs; 5 MiB is the emulator's own, far above any body they take.
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  // Bodies are parsed by the routes, so a wrong content type or bad JSON gets an Adobe-shaped error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
  // The Date header comes from the emulated service's clock (which may run off this machine's).
  app.addHook("onSend", async (_req, reply) => {
    reply.header("date", new Date(state.clock.now()).toUTCString());
  });

  const { platform } = state;
  const deps: RequestDeps = {
    tokens: state.tokens,
    journal: state.journal,
    faults: state.faults,
    clock: state.clock,
    behaviour: state.behaviour.get,
    sandboxes: platform.sandboxes,
  };
  imsRoutes(app, deps, state.tokens);
  // Flow Service
  entityRoutes(app, deps, platform.flows);
  entityRoutes(app, deps, platform.connections.base);
  entityRoutes(app, deps, platform.connections.source);
  entityRoutes(app, deps, platform.connections.target);
  specRoutes(app, deps);
  runRoutes(app, deps, platform.runs, platform.flows);
  // Data Prep, Catalog, Schema Registry
  dataPrepRoutes(app, deps, platform.mappingSets);
  catalogRoutes(app, deps, platform.datasets);
  schemaRoutes(app, deps, platform.registry);
  controlRoutes(app, state);

  app.setNotFoundHandler((req, reply) => unmatched(deps, req, reply));
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    // Framework-level failures (body too large, malformed URL) still get an Adobe-shaped answer: the platform's generic
    // body (https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting); Adobe documents none
    // for these cases.
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    void reply.code(status).send({ type: "/placeholder/type/uri", status, title: "BadRequestError", detail: err.message });
  });
  return app;
}
