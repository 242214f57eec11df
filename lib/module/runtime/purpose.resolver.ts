import { Logger } from '@nestjs/common';
import { InfobipApiError } from '../../infobip/infobip-api.error';
import type {
  ApplicationConfiguration,
  ApplicationResponse,
  Message,
  PinChannel,
  PinType,
} from '../../infobip/infobip.types';
import { tryParseDuration } from '../../infobip/time-format';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';
import type { NormalizedPurpose, NormalizedTemplate } from '../options/normalized-options.interface';
import { assertPinStrength } from '../options/purpose-options.validator';
import { TwoFactorConfigurationError as ConfigError } from '../errors/two-factor-configuration.error';
import { findPolicyViolations } from '../options/pin-format';
import { checkApplicationShape, differs, emailBody, firstNamed, matches, textBody } from './purpose-matching';

/** A template the module sends with. */
export interface ResolvedTemplate {
  channel: PinChannel;
  messageId: string;
  pinType: PinType;
  pinLength: number;
}

/** A purpose bound to its application and templates at the provider. */
export interface ResolvedPurpose {
  name: string;
  applicationId: string;
  /** The application's configuration as the provider answered it. */
  configuration: ApplicationConfiguration;
  /** PIN lifetime, from the application's `pinTimeToLive`. */
  ttlMs: number;
  templates: Partial<Record<PinChannel, ResolvedTemplate>>;
  defaultChannel: PinChannel;
  /** Countries whose phone numbers may receive this purpose's PINs; absent: any country. */
  allowedCountries?: readonly string[];
}

/**
 * Binds each purpose to an application and templates at the provider: uses the
 * ids given, else finds them by name / by fields, else creates them. Repeatable:
 * a restart, or a second instance, finds what the first created. When two
 * instances create at the same moment, both settle on the first match the
 * provider lists, so they agree (the extra object stays unused).
 */
export class PurposeResolver {
  private readonly logger = new Logger('TwoFactorModule');

  constructor(
    private readonly api: TwoFactorApi,
    private readonly allowWeak: boolean,
  ) {}

  async resolve(purpose: NormalizedPurpose): Promise<ResolvedPurpose> {
    const application = await this.step(purpose.path, () => this.resolveApplication(purpose));
    const templates: Partial<Record<PinChannel, ResolvedTemplate>> = {};
    for (const template of Object.values(purpose.templates)) {
      templates[template.channel] = await this.step(template.path, () =>
        this.resolveTemplate(application.applicationId, template, purpose.updateExisting),
      );
    }
    const ttlMs = tryParseDuration(application.configuration.pinTimeToLive) as number;
    return {
      name: purpose.name,
      applicationId: application.applicationId,
      configuration: application.configuration,
      ttlMs,
      templates,
      defaultChannel: purpose.defaultChannel,
      ...(purpose.allowedCountries ? { allowedCountries: purpose.allowedCountries } : {}),
    };
  }

  private async resolveApplication(purpose: NormalizedPurpose): Promise<ApplicationResponse> {
    const wanted = purpose.application;
    const body = { name: wanted.name, enabled: true, configuration: wanted.configuration };
    let app: ApplicationResponse;
    if (wanted.id) {
      app = await this.orMissing(
        this.api.getApplication(wanted.id),
        `${purpose.path}.application.id`,
        'application',
      );
    } else {
      app =
        firstNamed(await this.api.getApplications(), wanted.name) ??
        (await this.createThenSettle(
          () => this.api.createApplication(body),
          async () => firstNamed(await this.api.getApplications(), wanted.name),
        ));
    }
    checkApplicationShape(app);
    const problem = this.applicationProblem(app);
    if (problem || (purpose.updateExisting && differs(app.configuration, wanted.configuration))) {
      if (!purpose.updateExisting) {
        throw ConfigError.create(
          `${purpose.path}.application`,
          `the existing application "${app.name}" (id ${app.applicationId}) ${problem}`,
          `change it at the provider, or set ${purpose.path}.updateExisting: true to let the module update it` +
            (problem?.includes('configuration.') ? ', or allowWeakPolicy: true to accept it' : ''),
        );
      }
      this.logger.log(`${purpose.path}: updating application ${app.applicationId} to the configured policy`);
      app = await this.api.updateApplication(app.applicationId, { ...body, name: app.name });
      checkApplicationShape(app);
      const left = this.applicationProblem(app);
      if (left)
        throw ConfigError.create(`${purpose.path}.application`, `after the update, the application ${left}`);
    } else if (differs(app.configuration, wanted.configuration)) {
      this.logger.warn(
        `${purpose.path}: application ${app.applicationId} differs from the configured one; using it as it is ` +
          `(set ${purpose.path}.updateExisting: true to update it)`,
      );
    }
    return app;
  }

  private applicationProblem(app: ApplicationResponse): string | undefined {
    if (app.enabled === false) return 'is disabled';
    const [violation] = findPolicyViolations(app.configuration, this.allowWeak);
    return violation ? `has configuration.${violation.field} that ${violation.problem}` : undefined;
  }

  private async resolveTemplate(
    appId: string,
    wanted: NormalizedTemplate,
    updateExisting: boolean,
  ): Promise<ResolvedTemplate> {
    let found: Message | undefined;
    if (wanted.id) {
      found = await this.orMissing(
        this.api.getMessageTemplate(appId, wanted.id),
        `${wanted.path}.id`,
        'template',
      );
      if (updateExisting && !matches(found, wanted)) {
        this.logger.log(`${wanted.path}: updating template ${wanted.id} to the configured one`);
        found =
          wanted.channel === 'email'
            ? await this.api.updateEmailMessageTemplate(appId, wanted.id, emailBody(wanted))
            : await this.api.updateMessageTemplate(appId, wanted.id, textBody(wanted));
      }
    } else {
      const list = () =>
        this.api.getMessageTemplates(appId).then((all) => all.find((m) => matches(m, wanted)));
      found =
        (await list()) ??
        (await this.createThenSettle<Message>(
          () =>
            wanted.channel === 'email'
              ? this.api.createEmailMessageTemplate(appId, emailBody(wanted))
              : this.api.createMessageTemplate(appId, textBody(wanted)),
          list,
        ));
    }
    if (typeof found?.messageId !== 'string' || !found.pinType || !Number.isSafeInteger(found.pinLength)) {
      throw ConfigError.create(
        wanted.path,
        'the provider answered a template without messageId, pinType or pinLength',
      );
    }
    const format = { pinType: found.pinType, pinLength: found.pinLength as number };
    assertPinStrength(format, wanted.id ? `${wanted.path}.id` : `${wanted.path}.pinLength`, this.allowWeak);
    return { channel: wanted.channel, messageId: found.messageId, ...format };
  }

  private async createThenSettle<T>(
    create: () => Promise<T>,
    find: () => Promise<T | undefined>,
  ): Promise<T> {
    const created = await create();
    return (await find()) ?? created;
  }

  private async orMissing<T>(call: Promise<T>, path: string, what: string): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof InfobipApiError && error.status === 404) {
        throw ConfigError.create(
          path,
          `names no ${what} the provider knows`,
          `check the id, or remove it to find or create the ${what} by its fields`,
        );
      }
      throw error;
    }
  }

  /** Runs one bootstrap step; provider failures become errors that name the purpose and the fix. */
  private async step<T>(path: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if (error instanceof InfobipApiError) {
        const answer = error.status ? `HTTP ${error.status} ${error.messageId}` : error.messageId;
        const fix =
          error.status === 401 || error.status === 403
            ? 'check provider.apiKey (or provider.auth) and provider.baseUrl'
            : error.status === 0
              ? 'check provider.baseUrl and that the provider is reachable'
              : error.status === 404
                ? "check provider.baseUrl: no 2FA API answers there (use your account's base URL, " +
                  'e.g. "https://xyz.api.infobip.com", or a gateway path that forwards to it)'
                : 'check the options of this purpose against the provider';
        throw ConfigError.create(
          path,
          `could not be set up at the 2FA provider (${answer}: ${error.text})`,
          fix,
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      throw ConfigError.create(path, `could not be set up at the 2FA provider (${message})`);
    }
  }
}
