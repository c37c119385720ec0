// IMS: OAuth Server-to-Server client credentials → bearer tokens (`POST /ims/token/v3`, form body).
// https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/ims
import type { FastifyInstance } from "fastify";
import { EmulatorError } from "../errors";
import type { TokenRegistry } from "../ims";
import { Query, one } from "../query";
import { RequestDeps, serve } from "../requests";

export function imsRoutes(app: FastifyInstance, deps: RequestDeps, tokens: TokenRegistry): void {
  app.post("/ims/token/v3", (req, reply) =>
    serve(deps, "ims", req, reply, () => {
      const type = (req.headers["content-type"] ?? "").split(";")[0].trim();
      const raw = typeof req.body === "string" && req.body.length > 0 ? req.body : undefined;
      // The page's request is form-encoded; Adobe documents no error for another type: OAuth 2.0's invalid_request.
      if (raw !== undefined && type !== "application/x-www-form-urlencoded") {
        throw new EmulatorError(400, {
          error: "invalid_request",
          error_description: "Content-Type must be application/x-www-form-urlencoded",
        });
      }
      const form = new URLSearchParams(raw ?? "");
      // IMS also takes the parameters in the query string (it recommends the body).
      for (const [k, v] of Object.entries(req.query as Query)) if (!form.has(k)) form.set(k, String(one(v)));
      return { status: 200, body: tokens.issue(form) };
    }),
  );
}
