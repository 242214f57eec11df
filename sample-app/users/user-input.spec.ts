import { BadRequestException } from '@nestjs/common';
import { parseCredentials, parseRegistration } from './user-input';

describe('parseRegistration', () => {
  const valid = { username: 'Alice.Smith', password: 'correct horse', phone: '+41 79 123 67 27' };

  it('normalises the username to lower case and the phone to E.164', () => {
    expect(parseRegistration(valid)).toEqual({
      username: 'alice.smith',
      password: 'correct horse',
      phone: '+41791236727',
    });
  });

  it.each([
    ['no body', undefined],
    ['an array', [valid]],
    ['a short username', { ...valid, username: 'al' }],
    ['a long username', { ...valid, username: 'a'.repeat(33) }],
    ['a username with other characters', { ...valid, username: 'alice smith' }],
    ['a short password', { ...valid, password: '1234567' }],
    ['a long password', { ...valid, password: 'p'.repeat(129) }],
    ['a password that is not a string', { ...valid, password: 12345678 }],
    ['a phone without country code', { ...valid, phone: '0791236727' }],
    ['a phone that is an array', { ...valid, phone: [valid.phone] }],
  ])('refuses %s', (_name, body) => {
    expect(() => parseRegistration(body)).toThrow(BadRequestException);
  });
});

describe('parseCredentials', () => {
  it('takes any two non-empty strings, the username in lower case', () => {
    expect(parseCredentials({ username: 'Bob', password: 'x' })).toEqual({ username: 'bob', password: 'x' });
  });

  it('refuses missing, empty or non-string fields', () => {
    for (const body of [
      null,
      {},
      { username: 'bob' },
      { username: '', password: 'x' },
      { username: ['bob'], password: 'x' },
    ]) {
      expect(() => parseCredentials(body)).toThrow(BadRequestException);
    }
  });
});
