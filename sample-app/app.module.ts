import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TwoFactorModule } from 'nestjs-infobip-2fa';
import { AccountModule } from './account/account.module';
import { AuthModule } from './auth/auth.module';
import { parseSampleConfig, type SampleConfig, type SampleEnv } from './config/sample-config';
import type { SampleAppOverrides } from './config/sample-app-overrides';
import { twoFactorOptions } from './config/two-factor-options';
import { checkSampleStores } from './core/store-checks';
import { HealthController } from './health.controller';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { PagesModule } from './pages/pages.module';
import type { SampleRedis } from './redis/sample-redis';
import { SampleRedisModule } from './redis/sample-redis.module';
import { UsersModule } from './users/users.module';

/** Root module of the sample app. */
@Module({})
export class AppModule {
  /**
   * Builds the app from an environment (`process.env` in production, a plain object in tests).
   * The environment is checked here, before anything starts. With `REDIS_URL`, `redis` is the
   * connection to it (`createSampleApp` opens it); the app closes it when it shuts down.
   *
   * @throws SampleConfigError naming the variable to fix.
   */
  static forRoot(
    env: SampleEnv,
    overrides: SampleAppOverrides = {},
    redis: SampleRedis | null = null,
  ): DynamicModule {
    const config = parseSampleConfig(env);
    checkSampleStores(config, overrides, redis);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          validatePredefined: false,
          load: [() => ({ ...env, sample: config })],
        }),
        SampleRedisModule.forRoot(redis),
        TwoFactorModule.forRootAsync({
          isGlobal: true,
          // TwoFactorGuard on every route: a pending session reaches only /2fa/* and @SkipTwoFactor routes.
          globalGuard: true,
          // The embedded engine, its store and outbox as tokens: tests and tools read PINs there.
          localEngine: config.provider.kind === 'local',
          inject: [ConfigService],
          useFactory: (configService: ConfigService) =>
            twoFactorOptions(configService.getOrThrow<SampleConfig>('sample'), overrides, redis),
        }),
        UsersModule,
        AuthModule,
        AccountModule,
        // The HTML pages (forms, CSRF tokens, Express middlewares) are served on nest-express only.
        ...(config.platform === 'nest-express' ? [PagesModule] : []),
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
