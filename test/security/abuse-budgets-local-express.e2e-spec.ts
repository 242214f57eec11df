import { describeAbuseBudgets } from './abuse-budgets.scenarios';

describeAbuseBudgets('local', 'express');
