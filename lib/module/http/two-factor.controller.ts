import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  SetMetadata,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type Type,
} from '@nestjs/common';
import type { TwoFactorRequest } from '../session/two-factor-request';
import { NoStoreInterceptor } from './no-store.interceptor';
import { MODULE_DEFAULTS, TWO_FACTOR_ROUTE_KEY } from '../options/two-factor.constants';
import { TwoFactorErrorsFilter } from './two-factor-exception.filter';
import { twoFactorRoutes } from '../service/two-factor-routes';
import { TwoFactorService } from '../service/two-factor.service';
import type { TwoFactorStatus } from '../session/two-factor-session';
import { TwoFactorThrottlerGuard } from './two-factor-throttler.guard';

/**
 * The ready-made routes (mounted unless the module extra `controller` is false):
 * - `POST /2fa/verify {pin, rememberDevice?}` -> 200 `{ verified: true }`;
 * - `POST /2fa/verify {recoveryCode, rememberDevice?}` -> 200 `{ verified: true, recoveryCodesLeft }`;
 * - `POST /2fa/resend {channel?}` -> 202 status;
 * - `GET /2fa/status` -> 200 status;
 * - `POST /2fa/recovery-codes` -> 201 `{ codes }` (a verification at most 5 minutes old);
 * - `POST /2fa/devices/forget` -> 204, every remembered device of the user forgotten.
 *
 * Bodies are checked by hand (no global ValidationPipe needed): anything but a
 * JSON object, a PIN that isn't a string of the template's alphabet and length
 * (spaces and dashes aside), or an unknown channel is 400 `bad_request`, and
 * nothing reaches the provider.
 * Every response carries `Cache-Control: no-store`; errors are
 * `{ statusCode, code, message }`. Throttled per session (option `throttle`).
 */
@Controller(MODULE_DEFAULTS.controllerPath)
@SetMetadata(TWO_FACTOR_ROUTE_KEY, true)
@UseFilters(TwoFactorErrorsFilter)
@UseInterceptors(NoStoreInterceptor)
@UseGuards(TwoFactorThrottlerGuard)
export class TwoFactorController {
  constructor(protected readonly service: TwoFactorService) {}

  @Post('verify')
  @HttpCode(200)
  verify(
    @Req() req: TwoFactorRequest,
    @Body() body: unknown,
  ): Promise<{ verified: true } | { verified: true; recoveryCodesLeft: number }> {
    return twoFactorRoutes.verify(this.service, req, body);
  }

  @Post('resend')
  @HttpCode(202)
  resend(@Req() req: TwoFactorRequest, @Body() body: unknown): Promise<TwoFactorStatus> {
    return twoFactorRoutes.resend(this.service, req, body);
  }

  @Get('status')
  status(@Req() req: TwoFactorRequest): TwoFactorStatus {
    return this.service.status(req);
  }

  @Post('recovery-codes')
  @HttpCode(201)
  createRecoveryCodes(@Req() req: TwoFactorRequest): Promise<{ codes: string[] }> {
    return twoFactorRoutes.createRecoveryCodes(this.service, req);
  }

  @Post('devices/forget')
  @HttpCode(204)
  forgetDevices(@Req() req: TwoFactorRequest): Promise<void> {
    return twoFactorRoutes.forgetDevices(this.service, req);
  }
}

/** The controller mounted at `path` (the routes, guards and filters of {@link TwoFactorController}). */
export function createTwoFactorController(path: string): Type<TwoFactorController> {
  if (path === MODULE_DEFAULTS.controllerPath) return TwoFactorController;
  @Controller(path)
  class MountedTwoFactorController extends TwoFactorController {}
  return MountedTwoFactorController;
}
