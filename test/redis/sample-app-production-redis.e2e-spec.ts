import { describeProductionOnRedis } from './sample-app-production-redis.scenarios';

describeProductionOnRedis('nest-express');
