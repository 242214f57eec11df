import { describeAbuseBudgets } from './abuse-budgets.scenarios';

describeAbuseBudgets('local', 'nest-fastify');
