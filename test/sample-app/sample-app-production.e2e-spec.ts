import { describeProduction } from './sample-app-production.scenarios';

describeProduction('nest-express');
