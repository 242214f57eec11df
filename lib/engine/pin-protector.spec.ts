import { PinProtector } from './pin-protector';

const SECRET = 'a secret of at least sixteen bytes';

describe('PinProtector', () => {
  const protector = new PinProtector(SECRET);

  it('digests per PIN id, ignoring the case of ASCII letters only', () => {
    const digest = protector.digest('P1', 'AB12');
    expect(Buffer.from(digest, 'base64')).toHaveLength(32);
    expect(protector.digest('P1', 'ab12')).toBe(digest);
    expect(protector.digest('P2', 'AB12')).not.toBe(digest);
    expect(protector.digest('P1', 'AB13')).not.toBe(digest);
    expect(protector.digest('P1', 'ıB12')).not.toBe(protector.digest('P1', 'IB12'));
  });

  it('digests differently under another secret, and the same under an equal one', () => {
    expect(new PinProtector(Buffer.from(SECRET)).digest('P1', '1234')).toBe(protector.digest('P1', '1234'));
    expect(new PinProtector('another secret, sixteen+ bytes').digest('P1', '1234')).not.toBe(
      protector.digest('P1', '1234'),
    );
  });

  it('seals a PIN so that only the same secret and PIN id open it', () => {
    const sealed = protector.seal('P1', '004217');
    expect(sealed).not.toContain('004217');
    expect(protector.seal('P1', '004217')).not.toBe(sealed);
    expect(protector.open('P1', sealed)).toBe('004217');
    expect(() => protector.open('P2', sealed)).toThrow();
    expect(() => new PinProtector('another secret, sixteen+ bytes').open('P1', sealed)).toThrow();
    const tampered = Buffer.from(sealed, 'base64');
    tampered[tampered.length - 1] ^= 1;
    expect(() => protector.open('P1', tampered.toString('base64'))).toThrow();
  });

  it('seals with a fresh IV each time, PINs of every length included', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const bytes = Buffer.from(protector.seal('P1', '1234'), 'base64');
      expect(bytes).toHaveLength(12 + 16 + 4);
      ivs.add(bytes.subarray(0, 12).toString('hex'));
    }
    expect(ivs.size).toBe(2_000);
    for (const pin of ['7', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', 'é'.repeat(40)]) {
      expect(protector.open('P9', protector.seal('P9', pin))).toBe(pin);
    }
  });

  it('refuses a secret shorter than 16 bytes', () => {
    expect(() => new PinProtector('fifteen bytes!!')).toThrow(/at least 16 bytes/);
    expect(() => new PinProtector(Buffer.alloc(0))).toThrow(RangeError);
  });
});
