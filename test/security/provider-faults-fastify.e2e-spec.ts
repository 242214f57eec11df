import { describeProviderFaults } from './provider-faults.scenarios';

describeProviderFaults('nest-fastify');
