import { describeInputFuzzing } from './input-fuzz.scenarios';

describeInputFuzzing('infobip', 'nest-fastify');
