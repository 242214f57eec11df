import { describeProductionDefences } from './production.scenarios';

describeProductionDefences('local', 'nest-fastify');
