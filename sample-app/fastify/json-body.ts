import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';

/**
 * Makes Fastify read request bodies as the Express variant's `express.json()` does, so that both
 * answer the same: only `application/json` is read (any other type is left unread, as if absent);
 * a charset other than UTF is 415; only an object or an array at the top (`strict`), anything else
 * 400; an empty body is `{}` when the request announced one, else absent; `__proto__` and
 * `constructor.prototype` keys are dropped. The size limit is the server's `bodyLimit` (413).
 * Refusals are Fastify's own errors, which the app's exception filter renders.
 */
export function readBodiesAsExpressJson(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('remove', 'remove');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const charset = charsetOf(request);
    if (charset !== undefined && !charset.startsWith('utf-')) {
      return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
    }
    const text = body as string;
    if (text === '') return done(null, announcesBody(request) ? {} : undefined);
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[')
      return done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    parseJson(request, text, done);
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
}

function charsetOf(request: FastifyRequest): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '');
  return match?.[1].toLowerCase();
}

// As the `type-is` package (under express.json) decides whether a request has a body.
function announcesBody(request: FastifyRequest): boolean {
  return (
    request.headers['transfer-encoding'] !== undefined || request.headers['content-length'] !== undefined
  );
}
