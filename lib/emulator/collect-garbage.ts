import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's full garbage collection, for a process of our own (the emulator's CLI)
 * that idles after bursts: an idle process allocates nothing, so nothing starts
 * a collection, and memory freed by a sweep of the store would stay in use
 * until the next request. `--expose-gc` set at run time gives `gc` to contexts
 * created afterwards; the main context is left as it was.
 */
export function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
