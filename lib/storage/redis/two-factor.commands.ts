import { defineScripts } from './define-scripts';
import type { RedisClient } from './replica-confirmation';
import {
  ADMIT_LUA,
  CREATE_PIN_LUA,
  LIST_RECORDS_LUA,
  PUT_RECORD_LUA,
  REFUND_LUA,
  RESEND_PIN_LUA,
  VERIFY_PIN_LUA,
} from './two-factor.lua';

/** The scripts, defined once per client under names no other library would pick. */
const COMMANDS = {
  nestjsInfobip2faAdmit: { numberOfKeys: 1, lua: ADMIT_LUA },
  nestjsInfobip2faRefund: { numberOfKeys: 1, lua: REFUND_LUA },
  nestjsInfobip2faCreatePin: { numberOfKeys: 3, lua: CREATE_PIN_LUA },
  nestjsInfobip2faResendPin: { numberOfKeys: 2, lua: RESEND_PIN_LUA },
  nestjsInfobip2faVerifyPin: { numberOfKeys: 2, lua: VERIFY_PIN_LUA },
  nestjsInfobip2faPutRecord: { numberOfKeys: 2, lua: PUT_RECORD_LUA },
  nestjsInfobip2faListRecords: { numberOfKeys: 2, lua: LIST_RECORDS_LUA },
} as const;

/** Name of one of the store's scripts. */
export type TwoFactorScript = keyof typeof COMMANDS;

/** An ioredis client with the store's scripts as commands. */
export type ScriptClient = RedisClient & {
  nestjsInfobip2faRefund(window: string, resetAt: string): Promise<number>;
  nestjsInfobip2faListRecords(hash: string, order: string): Promise<(string | null)[]>;
};

/** `client` with the two-factor store's scripts defined (see {@link defineScripts}). */
export function withTwoFactorScripts(client: RedisClient): ScriptClient {
  return defineScripts<ScriptClient>(client, COMMANDS);
}
