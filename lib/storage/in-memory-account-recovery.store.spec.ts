import { recoveryCodeStoreSuite, rememberedDeviceStoreSuite } from './testing/account-recovery-stores.suite';
import { InMemoryRecoveryCodeStore } from './in-memory-recovery-code.store';
import { InMemoryRememberedDeviceStore } from './in-memory-remembered-device.store';

describe('InMemoryRecoveryCodeStore', () => {
  recoveryCodeStoreSuite(() => new InMemoryRecoveryCodeStore());
});

describe('InMemoryRememberedDeviceStore', () => {
  rememberedDeviceStoreSuite(() => new InMemoryRememberedDeviceStore());
});
