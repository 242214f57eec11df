import { describeAbuseBudgets } from './abuse-budgets.scenarios';

describeAbuseBudgets('infobip', 'express');
