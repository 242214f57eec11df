import type { Request, Response } from 'express';
import type { SampleConfig } from '../config/sample-config';
import { SignInDevices } from './sign-in-device';

const config = { secret: 'x'.repeat(32), secureCookie: false } as SampleConfig['session'];

/** The device cookie `remember` sets, as a browser sends it back. */
function issued(devices: SignInDevices, username: string): string {
  let header = '';
  const res = { cookie: (name: string, value: string) => (header = `${name}=${encodeURIComponent(value)}`) };
  devices.remember({ res, secure: false } as unknown as Request & { res: Response }, username);
  return header;
}

const request = (cookie: string) => ({ headers: { cookie: `sid=abc; ${cookie}` } }) as unknown as Request;

describe('SignInDevices', () => {
  const devices = new SignInDevices(config);

  it('knows a browser again for the account it signed in to, whatever the case of the name', () => {
    const cookie = issued(devices, 'Ann');
    expect(devices.nonceFor(request(cookie), 'ann')).toMatch(/^[\w-]{22}$/);
  });

  it('refuses a cookie of another account, a forged or tampered one, and one signed with another secret', () => {
    const cookie = issued(devices, 'ann');
    expect(devices.nonceFor(request(cookie), 'bob')).toBeUndefined();
    expect(devices.nonceFor(request(`${cookie}x`), 'ann')).toBeUndefined();
    expect(devices.nonceFor(request('device=nonce.signature'), 'ann')).toBeUndefined();
    const other = new SignInDevices({ ...config, secret: 'y'.repeat(32) });
    expect(other.nonceFor(request(cookie), 'ann')).toBeUndefined();
  });

  it('sets no cookie over plain HTTP when cookies must be Secure', () => {
    const secure = new SignInDevices({ ...config, secureCookie: true });
    const cookie = jest.fn();
    secure.remember({ res: { cookie }, secure: false } as unknown as Request, 'ann');
    expect(cookie).not.toHaveBeenCalled();
  });
});
