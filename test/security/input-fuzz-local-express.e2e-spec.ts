import { describeInputFuzzing } from './input-fuzz.scenarios';

describeInputFuzzing('local', 'express');
