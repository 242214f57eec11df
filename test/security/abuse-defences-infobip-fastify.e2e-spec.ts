import { describeAbuseDefences } from './abuse-defences.scenarios';

describeAbuseDefences('infobip', 'nest-fastify');
