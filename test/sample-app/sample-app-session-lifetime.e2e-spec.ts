import { describeSessionLifetime } from './session-lifetime.scenarios';

describeSessionLifetime('nest-express');
