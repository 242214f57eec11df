import { clientIp, ipLimitSubject, normalizeAddress } from './client-ip';
import { TrustedProxies } from './trusted-proxies';

const request = (remoteAddress: string | undefined, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientIp', () => {
  it('takes the socket address and ignores X-Forwarded-For by default', () => {
    expect(clientIp(request('203.0.113.9', '198.51.100.1'), 0)).toBe('203.0.113.9');
    expect(clientIp(request('::ffff:127.0.0.1', '198.51.100.1'), 0)).toBe('127.0.0.1');
    expect(clientIp({ headers: {} }, 0)).toBeUndefined();
  });

  it('takes the entry the trusted proxies wrote, never those a client wrote before them', () => {
    // client forged "1.1.1.1"; the proxy (10.0.0.2) appended the real peer 203.0.113.9
    expect(clientIp(request('10.0.0.2', '1.1.1.1, 203.0.113.9'), 1)).toBe('203.0.113.9');
    // two proxies: the edge wrote 203.0.113.9, the inner one wrote the edge's address
    expect(clientIp(request('10.0.0.3', '1.1.1.1, 203.0.113.9, 10.0.0.2'), 2)).toBe('203.0.113.9');
    // a header split across several lines reads as one list
    expect(clientIp(request('10.0.0.2', ['1.1.1.1', '203.0.113.9']), 1)).toBe('203.0.113.9');
  });

  it('falls back to the farthest known address when the header has fewer entries than hops', () => {
    expect(clientIp(request('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientIp(request('10.0.0.2', '203.0.113.9'), 3)).toBe('203.0.113.9');
  });

  it('never returns text that is not an address', () => {
    expect(clientIp(request('10.0.0.2', 'evil\r\nX-Injected: 1'), 1)).toBe('10.0.0.2');
    expect(clientIp(request('10.0.0.2', '203.0.113.9, unknown'), 1)).toBe('10.0.0.2');
  });
});

describe('clientIp behind trusted proxies (by address or range)', () => {
  const trust = (entries: string[], hops = 0) => ({ hops, proxies: new TrustedProxies(entries) });

  it('believes X-Forwarded-For only from a trusted peer', () => {
    const proxies = trust(['10.0.0.0/8']);
    // The proxy appended what it received from: the client is 203.0.113.9.
    expect(clientIp(request('10.0.0.2', '1.1.1.1, 203.0.113.9'), proxies)).toBe('203.0.113.9');
    // A client reaching the port directly writes what it likes: counted by its own address.
    expect(clientIp(request('198.51.100.7', '1.1.1.1, 203.0.113.9'), proxies)).toBe('198.51.100.7');
    expect(clientIp(request('198.51.100.7', '10.0.0.2'), proxies)).toBe('198.51.100.7');
  });

  it('walks back through a chain of trusted proxies to the first untrusted address', () => {
    const proxies = trust(['10.0.0.0/8', 'loopback']);
    expect(clientIp(request('127.0.0.1', '1.1.1.1, 203.0.113.9, 10.0.0.2'), proxies)).toBe('203.0.113.9');
    // At most `hops` back when both are given.
    expect(clientIp(request('127.0.0.1', '1.1.1.1, 203.0.113.9, 10.0.0.2'), trust(['0.0.0.0/0'], 2))).toBe(
      '203.0.113.9',
    );
    // Only trusted proxies all the way: the farthest address known.
    expect(clientIp(request('10.0.0.3', '10.0.0.2'), proxies)).toBe('10.0.0.2');
    // Text that is no address stops the walk at the proxy that wrote it.
    expect(clientIp(request('10.0.0.3', 'unknown'), proxies)).toBe('10.0.0.3');
  });

  it('takes IPv6 ranges and the named ranges of Express', () => {
    const proxies = trust(['fd00::/8', 'uniquelocal']);
    expect(clientIp(request('fd12::1', '2001:db8::9'), proxies)).toBe('2001:db8::9');
    expect(clientIp(request('::ffff:192.168.1.1', '2001:db8::9'), proxies)).toBe('2001:db8::9');
    expect(clientIp(request('2001:db8::5', '192.0.2.1'), proxies)).toBe('2001:db8::5');
  });

  it('names an entry that is no address, range or name', () => {
    expect(TrustedProxies.problemOf('10.0.0.0/33')).toContain('"10.0.0.0/33" is neither an IP address');
    expect(TrustedProxies.problemOf('proxy.internal')).toContain('loopback, linklocal, uniquelocal');
    expect(TrustedProxies.problemOf('10.0.0.0/8')).toBeUndefined();
    expect(() => new TrustedProxies(['everyone'])).toThrow('"everyone"');
  });
});

describe('addresses', () => {
  it('normalizes zone ids, brackets and IPv4-mapped IPv6', () => {
    expect(normalizeAddress('FE80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('not an ip')).toBeUndefined();
  });

  it('counts IPv6 per /64 and IPv4 per address', () => {
    expect(ipLimitSubject('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipLimitSubject('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(ipLimitSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipLimitSubject('::1')).toBe('0:0:0:0::/64');
    expect(ipLimitSubject('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(ipLimitSubject('192.0.2.1')).toBe('192.0.2.1');
  });
});
