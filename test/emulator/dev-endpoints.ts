/** Reads the emulator's development endpoints with `fetch`. */
export class DevEndpoints {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey?: string,
  ) {}

  /** Messages sent to `to` (all when absent), oldest first. */
  async messages(
    to?: string,
  ): Promise<Array<{ pinId: string; to: string; channel: string; text: string; pin: string }>> {
    const query = to === undefined ? '' : `?to=${encodeURIComponent(to)}`;
    const res = await fetch(`${this.baseUrl}/_emulator/messages${query}`, { headers: this.headers() });
    if (res.status !== 200) throw new Error(`GET /_emulator/messages answered ${res.status}`);
    return (await res.json()) as Array<{
      pinId: string;
      to: string;
      channel: string;
      text: string;
      pin: string;
    }>;
  }

  /** The PIN of the last message sent to `to`. */
  async latestPin(to: string): Promise<string> {
    const last = (await this.messages(to)).at(-1);
    if (!last) throw new Error(`no message was sent to ${to}`);
    return last.pin;
  }

  /** Moves the emulator's clock forward. */
  async advance(ms: number): Promise<void> {
    const res = await fetch(`${this.baseUrl}/_emulator/clock`, {
      method: 'POST',
      headers: { ...this.headers(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms }),
    });
    if (res.status !== 204) throw new Error(`POST /_emulator/clock answered ${res.status}`);
  }

  private headers(): Record<string, string> {
    return this.apiKey ? { Authorization: `App ${this.apiKey}` } : {};
  }
}
