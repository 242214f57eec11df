import { describeSecretEgress } from './secret-egress.scenarios';

describeSecretEgress('infobip', 'nest-fastify');
