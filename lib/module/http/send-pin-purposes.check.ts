import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { SendPinMetadata } from './send-pin.metadata';
import { SEND_PIN_KEY } from '../options/two-factor.constants';
import { TwoFactorConfigurationError } from '../errors/two-factor-configuration.error';
import { TWO_FACTOR_RUNTIME } from '../runtime/two-factor.internal-tokens';
import type { TwoFactorRuntime } from '../runtime/two-factor.runtime';

/** A `@SendPin()` found on a controller: where, and what it asks for. */
interface SendPinUse {
  where: string;
  metadata: SendPinMetadata;
}

/**
 * Checks every `@SendPin()` of the application's controllers when the module starts: a purpose
 * the options do not declare stops the app at bootstrap instead of answering 500 at the first
 * sign-in.
 */
@Injectable()
export class SendPinPurposesCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(TWO_FACTOR_RUNTIME) private readonly runtime: TwoFactorRuntime,
  ) {}

  onModuleInit(): void {
    const declared = this.runtime.purposeNames();
    for (const { where, metadata } of this.uses()) {
      const quoted = JSON.stringify(metadata.purpose);
      if (!declared.includes(metadata.purpose)) {
        throw TwoFactorConfigurationError.create(
          'purposes',
          `has no purpose ${quoted}, which @SendPin(${quoted}) on ${where} starts (declared: ${declared.join(', ')})`,
          `correct the name in @SendPin, or declare purposes.${metadata.purpose}`,
        );
      }
    }
  }

  /** Every `@SendPin()` on a controller class or on one of its handlers. */
  private uses(): SendPinUse[] {
    const uses: SendPinUse[] = [];
    for (const { instance, metatype } of this.discovery.getControllers()) {
      if (!instance || typeof metatype !== 'function') continue;
      const onClass = this.reflector.get<SendPinMetadata | undefined>(SEND_PIN_KEY, metatype);
      if (onClass) uses.push({ where: metatype.name, metadata: onClass });
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const metadata = this.reflector.get<SendPinMetadata | undefined>(SEND_PIN_KEY, handler);
        if (metadata) uses.push({ where: `${metatype.name}.${name}()`, metadata });
      }
    }
    return uses;
  }
}
