import { describeAbuseDefences } from './abuse-defences.scenarios';

describeAbuseDefences('local', 'nest-fastify');
