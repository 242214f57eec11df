import type { IncomingHttpHeaders } from 'node:http';

/**
 * An HTTP request as the module's public methods take it: Express's `Request` or Fastify's
 * `FastifyRequest`, both of which fit. The module reads the session, the signed-in user and
 * the client's address through its own adapters, so nothing here names a framework, and an app
 * on Fastify compiles without Express's types.
 */
export interface TwoFactorRequest {
  readonly headers: IncomingHttpHeaders;
}

/**
 * What a `@SendPin` resolver gets when no request type is given: the request with what the
 * platform's parsers and the route's guards added, untyped as Express types them (`req.body`,
 * `req.user`). Name your own type for checked access: `@SendPin<Req>(...)`.
 */
export interface ResolvedRequest extends TwoFactorRequest {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as untyped as Express's own `req.body`
  readonly body?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the authentication put there
  readonly user?: any;
}
