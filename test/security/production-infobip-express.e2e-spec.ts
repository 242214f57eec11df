import { describeProductionDefences } from './production.scenarios';

describeProductionDefences('infobip', 'express');
