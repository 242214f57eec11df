/**
 * Keys due at a deadline, grouped in time slots, so that expired records are
 * found without scanning a whole store. Keys are strings by default; a store may
 * schedule its records themselves, saving a lookup per expiry.
 *
 * `schedule` costs O(1) when the slot already exists (the usual case: many
 * records share a TTL) and O(log slots) when it opens a new one; `drain` costs
 * O(1) per key handed out. A key may be scheduled several times (e.g. a window
 * renewed with a later deadline); the visitor decides whether the record it
 * names is really due, so stale entries are harmless and drain away.
 */
export class ExpirySchedule<K = string> {
  private readonly slots = new Map<number, K[]>();
  /** Min-heap of the indexes of `slots`. */
  private readonly heap: number[] = [];
  private entries = 0;

  /** @param slotMs width of a slot; keys are handed out at most this late. Default 1000. */
  constructor(private readonly slotMs = 1_000) {}

  /** Number of scheduled entries (stale ones included). */
  get size(): number {
    return this.entries;
  }

  /** Schedules `key` to be handed out once `deadline` (epoch ms) has passed. */
  schedule(key: K, deadline: number): void {
    const slot = Math.floor(deadline / this.slotMs);
    const keys = this.slots.get(slot);
    if (keys) {
      keys.push(key);
    } else {
      this.slots.set(slot, [key]);
      this.push(slot);
    }
    this.entries++;
  }

  /** Whether a slot ended at or before `now`: whether {@link drain} has keys to hand out. */
  due(now: number): boolean {
    return this.heap.length > 0 && (this.heap[0] + 1) * this.slotMs <= now;
  }

  /**
   * Hands to `visit` the keys of every slot that ended at or before `now`, at most
   * `budget` of them; returns how many it handed out.
   */
  drain(now: number, visit: (key: K) => void, budget = Number.POSITIVE_INFINITY): number {
    let visited = 0;
    while (visited < budget && this.due(now)) {
      const slot = this.heap[0];
      const keys = this.slots.get(slot) as K[];
      while (visited < budget && keys.length > 0) {
        visit(keys.pop() as K);
        this.entries--;
        visited++;
      }
      if (keys.length === 0) {
        this.slots.delete(slot);
        this.pop();
      }
    }
    return visited;
  }

  /** Forgets every entry. */
  clear(): void {
    this.slots.clear();
    this.heap.length = 0;
    this.entries = 0;
  }

  private push(slot: number): void {
    const heap = this.heap;
    let i = heap.push(slot) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= slot) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = slot;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop() as number;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right] < heap[left] ? right : left;
      if (heap[child] >= last) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
  }
}
