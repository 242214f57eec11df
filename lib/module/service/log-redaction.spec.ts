import { redactForLog } from './log-redaction';

describe('redactForLog', () => {
  it('replaces phone numbers, email addresses and pinIds', () => {
    expect(redactForLog('Invalid destination 41793026727 (+41 79 302 67 27)')).toBe(
      'Invalid destination [number] ([number])',
    );
    expect(redactForLog('no mailbox jane.doe+2fa@example.com here')).toBe('no mailbox [email] here');
    expect(redactForLog('pinId 9C817C74F5B0E1E1C8D7A5A1F2B3C4D5 unknown')).toBe('pinId [id] unknown');
  });

  it('replaces anything shaped like a PIN of any format: 4 to 10 digits, hex, letters', () => {
    expect(redactForLog('Pin 123456 is invalid for 4-digit code 0042')).toBe(
      'Pin [code] is invalid for 4-digit code [code]',
    );
    expect(redactForLog('wrong PIN: 7F3A9C, A7K2QX, QWERTZ, a3f9c2d1')).toBe(
      'wrong PIN: [code], [code], [code], [code]',
    );
    expect(redactForLog('pin="1234567890"')).toBe('pin="[number]"');
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
