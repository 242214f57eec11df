import { Controller, Get, Module } from '@nestjs/common';

@Controller()
class HealthController {
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

/** Root module of the sample app. */
@Module({ controllers: [HealthController] })
export class AppModule {}
