import { describeSecretEgress } from './secret-egress.scenarios';

describeSecretEgress('local', 'nest-fastify');
