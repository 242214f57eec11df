import { describeSessionAttacks } from './session-attacks.scenarios';

describeSessionAttacks('infobip', 'nest-fastify');
