import { describeProductionDefences } from './production.scenarios';

describeProductionDefences('infobip', 'nest-fastify');
