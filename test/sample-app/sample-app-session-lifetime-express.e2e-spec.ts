import { describeSessionLifetime } from './session-lifetime.scenarios';

describeSessionLifetime('express');
