import { describeProductionDefences } from './production.scenarios';

describeProductionDefences('local', 'express');
