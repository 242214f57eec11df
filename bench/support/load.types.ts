/** One request of a cycle: each connection sends them in turn, starting at a different one. */
export interface CycledRequest {
  path: string;
  body?: string;
}

/** An HTTP load, run by autocannon in the load process. */
export interface LoadSpec {
  /** Base URL: loopback only (`http://127.0.0.1:<port>`). */
  url: string;
  method?: 'GET' | 'POST';
  /** Path of every request, unless `cycle` is given. Default `/`. */
  path?: string;
  headers?: Record<string, string>;
  /** Body of every request, unless `cycle` is given. */
  body?: string;
  /** Requests to go through in turn (e.g. one per destination or pinId). */
  cycle?: CycledRequest[];
  /** Concurrent connections. Default 16. */
  connections?: number;
  /** Seconds. Default 3. */
  durationSeconds?: number;
}

/** What a load achieved. */
export interface LoadResult {
  /** 2xx answers per second. */
  requestsPerSecond: number;
  /** Latency percentiles, ms. */
  latencyP50: number;
  latencyP99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Messages between the benchmark and its load process. */
export type LoadRequest = { id: number; spec: LoadSpec };
export type LoadReply = { id: number; result?: LoadResult; error?: string };
