// The emulator's routes, as a table: each Adobe service's routes (routes/*.ts) on the request
// pipeline (pipeline.ts), and the control plane for tests under /__emulator.
import Fastify, { FastifyInstance } from "fastify";
import { PipelineDeps, unmatched } from "./pipeline";
import { ControlDeps, controlRoutes } from "./routes/control";
import { flowRoutes } from "./routes/flows";
import { imsRoutes } from "./routes/ims";
import { runRoutes } from "./routes/runs";
import { specRoutes } from "./routes/specs";

export { CONTROL_PREFIX } from "./routes/control";

/** Everything the emulator holds: its stores, IMS, journal, faults, clock and behaviour switches. */
export type EmulatorState = ControlDeps;

export function buildServer(state: EmulatorState): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  // Bodies are parsed by the routes, so a wrong content type or bad JSON gets an Adobe-shaped error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
  // The Date header comes from the emulated service's clock (which may run off this machine's).
  app.addHook("onSend", async (_req, reply) => {
    reply.header("date", new Date(state.clock.now()).toUTCString());
  });

  const deps: PipelineDeps = {
    tokens: state.tokens,
    journal: state.journal,
    faults: state.faults,
    clock: state.clock,
    behaviour: state.behaviour.get,
  };
  imsRoutes(app, deps, state.tokens);
  flowRoutes(app, deps, state.store);
  specRoutes(app, deps);
  runRoutes(app, deps, state.runs, state.store);
  controlRoutes(app, state);

  app.setNotFoundHandler((req, reply) => unmatched(deps, req, reply));
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    // Framework-level failures (body too large, malformed URL) still get an Adobe-shaped answer.
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    void reply.code(status).send({ type: "/placeholder/type/uri", status, title: "BadRequestError", detail: err.message });
  });
  return app;
}
