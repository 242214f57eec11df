import { describeAbuseBudgets } from './abuse-budgets.scenarios';

describeAbuseBudgets('infobip', 'nest-fastify');
