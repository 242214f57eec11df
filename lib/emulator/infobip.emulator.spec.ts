import { once } from 'node:events';
import { connect } from 'node:net';
import { InfobipEmulator } from './infobip.emulator';

describe('InfobipEmulator.close()', () => {
  it('does not wait for a client that stopped sending in the middle of a body', async () => {
    const emulator = new InfobipEmulator();
    const url = new URL(await emulator.listen());
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    const received = once(emulator.server, 'request');
    socket.write(
      'POST /2fa/2/pin HTTP/1.1\r\nHost: x\r\nAuthorization: App any\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{"to":',
    );
    await received;
    const dropped = once(socket, 'close');
    await emulator.close();
    await dropped;
    expect(emulator.server.listening).toBe(false);
  });
});
