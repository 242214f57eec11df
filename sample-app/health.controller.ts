import { Controller, Get } from '@nestjs/common';
import { SkipTwoFactor } from 'nestjs-infobip-2fa';

/** Liveness probe for load balancers and start-up scripts. Public. */
@Controller('health')
@SkipTwoFactor()
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
