import { clientIp, ipLimitSubject, normalizeAddress } from './client-ip';

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
