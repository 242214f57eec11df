/**
 * A small, precompiled HTTP router for the emulator: a tree of path segments,
 * literal segments before `:param` segments, no regular expressions.
 *
 * Matching is forgiving on URL form the way Infobip is (a trailing slash on the
 * path is ignored) and strict on identity: every segment is percent-decoded
 * exactly once, after the path was split, so an encoded `/` stays inside its
 * segment and can never reach another route.
 */

/** HTTP methods the emulator routes. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Outcome of {@link EmulatorRouter.match}. */
export type RouteMatch<T> =
  | { kind: 'found'; route: T; params: string[] }
  /** The path exists, the method does not: answer 405 with `allow`. */
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

interface RouteNode<T> {
  literals: Map<string, RouteNode<T>>;
  param?: RouteNode<T>;
  routes: Map<string, T>;
  /** `Allow` header value of this node, kept sorted and joined once. */
  allow: string;
}

const NOT_FOUND = { kind: 'not-found' } as const;

function newNode<T>(): RouteNode<T> {
  return { literals: new Map(), routes: new Map(), allow: '' };
}

/** Routes requests by method and path pattern (`/2fa/2/pin/:pinId/verify`). */
export class EmulatorRouter<T> {
  private readonly root = newNode<T>();

  /**
   * Adds a route. Pattern segments starting with `:` match any non-empty segment.
   * @throws Error when the same method and pattern are added twice.
   */
  add(method: HttpMethod, pattern: string, route: T): this {
    let node = this.root;
    for (const segment of pattern.split('/').filter((part) => part !== '')) {
      if (segment.startsWith(':')) {
        node = node.param ??= newNode();
      } else {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = newNode()));
        node = next;
      }
    }
    if (node.routes.has(method)) throw new Error(`route ${method} ${pattern} added twice`);
    node.routes.set(method, route);
    node.allow = [...node.routes.keys()].sort().join(', ');
    return this;
  }

  /**
   * Finds the route of `method` and `path` (the request target without its
   * query string). The first matching route wins, literal segments first.
   */
  match(method: string, path: string): RouteMatch<T> {
    const segments = splitPath(path);
    if (!segments) return NOT_FOUND;
    const params: string[] = [];
    const allowed = { allow: '' };
    const route = this.find(this.root, segments, 0, method, params, allowed);
    if (route) return { kind: 'found', route, params };
    return allowed.allow ? { kind: 'method-not-allowed', allow: allowed.allow } : NOT_FOUND;
  }

  /** Depth-first walk; backtracks from a literal to a parameter segment. */
  private find(
    node: RouteNode<T>,
    segments: string[],
    index: number,
    method: string,
    params: string[],
    allowed: { allow: string },
  ): T | undefined {
    if (index === segments.length) {
      const route = node.routes.get(method);
      if (!route && node.allow && !allowed.allow) allowed.allow = node.allow;
      return route;
    }
    const segment = segments[index];
    const literal = node.literals.get(segment);
    if (literal) {
      const found = this.find(literal, segments, index + 1, method, params, allowed);
      if (found) return found;
    }
    if (node.param && segment !== '') {
      params.push(segment);
      const found = this.find(node.param, segments, index + 1, method, params, allowed);
      if (found) return found;
      params.pop();
    }
    return undefined;
  }
}

/**
 * Splits an absolute path into decoded segments, ignoring one trailing slash.
 * Returns `undefined` for paths that cannot match anything (not absolute,
 * broken percent-encoding).
 */
export function splitPath(path: string): string[] | undefined {
  if (path.charCodeAt(0) !== 0x2f /* / */) return undefined;
  const end = path.length > 1 && path.charCodeAt(path.length - 1) === 0x2f ? path.length - 1 : path.length;
  const segments: string[] = [];
  let start = 1;
  while (start <= end) {
    let stop = path.indexOf('/', start);
    if (stop === -1 || stop > end) stop = end;
    const raw = path.slice(start, stop);
    if (raw.includes('%')) {
      try {
        segments.push(decodeURIComponent(raw));
      } catch {
        return undefined;
      }
    } else {
      segments.push(raw);
    }
    start = stop + 1;
  }
  return segments;
}
