import { describeSessionLifetime } from './session-lifetime.scenarios';

describeSessionLifetime('nest-fastify');
