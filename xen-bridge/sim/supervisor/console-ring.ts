/**
 * The recent output of a guest's console, replayed to a client that attaches
 * later (xenconsoled keeps such a buffer too, which is why `xl console` shows
 * the boot messages).
 */
export class ConsoleRing {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly capacity = 64 * 1024) {}

  append(data: Buffer): void {
    this.chunks.push(data);
    this.size += data.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0];
      if (first === undefined) break;
      const excess = this.size - this.capacity;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  contents(): Buffer {
    const all = Buffer.concat(this.chunks);
    this.chunks = [all];
    return all;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}
