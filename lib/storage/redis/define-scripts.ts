import type { RedisClient } from './replica-confirmation';

/** A Lua script run as a command of its own: its keys come first among the arguments. */
export interface ScriptDefinition {
  numberOfKeys: number;
  lua: string;
}

/**
 * `client` with `scripts` defined as commands (`defineCommand`: `EVALSHA`, falling back to `EVAL`
 * when Redis doesn't know the script, e.g. after a restart). Each name is defined once, so a
 * client shared by several stores gets each script once.
 */
export function defineScripts<T extends RedisClient>(
  client: RedisClient,
  scripts: Readonly<Record<string, ScriptDefinition>>,
): T {
  for (const [name, definition] of Object.entries(scripts)) {
    if (typeof (client as unknown as Record<string, unknown>)[name] !== 'function') {
      client.defineCommand(name, definition);
    }
  }
  return client as T;
}
