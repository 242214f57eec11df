import { BadRequestException } from '@nestjs/common';
import type { CountryCode } from 'libphonenumber-js/max';
import { exampleNumber, normalizePhone } from './phone';

/** A registration request, validated and normalised. */
export interface Registration {
  username: string;
  password: string;
  /** E.164. */
  phone: string;
}

/** Credentials as typed at login; only their shape is checked, never whether they are right. */
export interface Credentials {
  username: string;
  password: string;
}

const USERNAME = /^[a-z0-9_.-]{3,32}$/;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;
// Phone numbers are short; a bound keeps the parser's work small.
const PHONE_MAX = 32;

/**
 * Validates `POST /auth/register`: username 3-32 of `a-z 0-9 _ . -` (case-insensitive),
 * password 8-128 characters, a valid mobile phone number in international format.
 *
 * @throws BadRequestException saying which field is wrong.
 */
export function parseRegistration(body: unknown, defaultRegion?: CountryCode): Registration {
  const fields = asObject(body);
  const username = stringField(fields, 'username').toLowerCase();
  if (!USERNAME.test(username)) {
    throw new BadRequestException('username must be 3 to 32 characters: letters, digits, _ . -');
  }
  const password = stringField(fields, 'password');
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new BadRequestException(`password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  }
  const rawPhone = stringField(fields, 'phone');
  const phone = rawPhone.length <= PHONE_MAX ? normalizePhone(rawPhone, defaultRegion) : undefined;
  if (phone === undefined) {
    throw new BadRequestException(
      defaultRegion
        ? `phone must be a mobile number, e.g. ${exampleNumber(defaultRegion)}, or +41 79 123 45 67 with its country code`
        : 'phone must be a mobile number in international format, e.g. +41 79 123 45 67',
    );
  }
  return { username, password, phone };
}

/**
 * Checks the shape of `POST /auth/login`: two non-empty strings of bounded length. Anything
 * else about them is left to the password check, so that a login never says which part is wrong.
 *
 * @throws BadRequestException when a field is missing or not a string.
 */
export function parseCredentials(body: unknown): Credentials {
  const fields = asObject(body);
  const username = stringField(fields, 'username');
  const password = stringField(fields, 'password');
  if (username.length > 64 || password.length > PASSWORD_MAX) {
    throw new BadRequestException('username or password too long');
  }
  return { username: username.toLowerCase(), password };
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('expected a JSON object body');
  }
  return body as Record<string, unknown>;
}

function stringField(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value === '') {
    throw new BadRequestException(`${name} must be a non-empty string`);
  }
  return value;
}
