import { redactForLog } from './log-redaction';

describe('redactForLog', () => {
  it('replaces phone numbers, email addresses and pinIds', () => {
    expect(redactForLog('Invalid destination 41793026727 (+41 79 302 67 27)')).toBe(
      'Invalid destination [number] ([number])',
    );
    expect(redactForLog('no mailbox jane.doe+2fa@example.com here')).toBe('no mailbox [email] here');
    expect(redactForLog('pinId 9C817C74F5B0E1E1C8D7A5A1F2B3C4D5 unknown')).toBe('pinId [id] unknown');
  });

  it('keeps short numbers such as statuses and limits', () => {
    expect(redactForLog('HTTP 429 TOO_MANY_REQUESTS, limit 10/1d')).toBe(
      'HTTP 429 TOO_MANY_REQUESTS, limit 10/1d',
    );
  });

  it('flattens line breaks and control characters and caps the length', () => {
    expect(redactForLog('bad\r\n[Nest] forged line\u0000')).toBe('bad [Nest] forged line ');
    expect(redactForLog('x'.repeat(1000))).toHaveLength(301);
  });
});
