import { describeSessionAttacks } from './session-attacks.scenarios';

describeSessionAttacks('local', 'nest-fastify');
