import autocannon from 'autocannon';
import type { LoadReply, LoadRequest, LoadResult, LoadSpec } from './load.types';

/*
 * The load process: runs autocannon for the benchmark that forked it, so that building
 * and parsing requests never takes CPU time from the server under test's event loop.
 */

function requests(spec: LoadSpec): autocannon.Request[] | undefined {
  const cycle = spec.cycle;
  if (!cycle || cycle.length === 0) return undefined;
  let next = 0;
  return [
    {
      setupRequest: (request) => {
        const item = cycle[next];
        next = (next + 1) % cycle.length;
        return { ...request, path: item.path, ...(item.body !== undefined ? { body: item.body } : {}) };
      },
    },
  ];
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`load only targets 127.0.0.1, got ${url.hostname}`);
  const headers = {
    ...(spec.body !== undefined || spec.cycle ? { 'content-type': 'application/json' } : {}),
    ...spec.headers,
  };
  const result = await autocannon({
    url: new URL(spec.path ?? '/', url).toString(),
    method: spec.method ?? 'GET',
    headers,
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.cycle ? { requests: requests(spec) } : {}),
    connections: spec.connections ?? 16,
    duration: spec.durationSeconds ?? 3,
    timeout: 10,
  });
  const ok = result['2xx'];
  return {
    requestsPerSecond: ok / result.duration,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

process.on('message', (message: LoadRequest) => {
  run(message.spec).then(
    (result) => process.send?.({ id: message.id, result } satisfies LoadReply),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies LoadReply),
  );
});
process.on('disconnect', () => process.exit(0));
