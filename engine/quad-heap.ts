/**
 * A 4-ary min-heap of (time, tag) pairs in one Float64Array: the event queue's store while
 * few events are pending, where it beats the radix heap (no redistribution per pop).
 *
 * The root sits at pair 3, so the four children of node i are pairs 4i+4..4i+7: one
 * 64-byte line per sift level. Ordering is by time, then tag (tag order is seq order).
 */

const ROOT = 3;

export class QuadHeap {
  size = 0;
  poppedTime = 0;
  poppedTag = 0;
  private heap = new Float64Array((64 + ROOT) * 2);

  minTime(): number {
    return this.heap[ROOT * 2];
  }

  push(time: number, tag: number): void {
    if ((this.size + ROOT) * 2 === this.heap.length) {
      const bigger = new Float64Array(this.heap.length * 2);
      bigger.set(this.heap);
      this.heap = bigger;
    }
    const heap = this.heap;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pp = (parent + ROOT) * 2;
      const pt = heap[pp];
      if (pt < time || (pt === time && heap[pp + 1] < tag)) break;
      const ip = (i + ROOT) * 2;
      heap[ip] = pt;
      heap[ip + 1] = heap[pp + 1];
      i = parent;
    }
    const ip = (i + ROOT) * 2;
    heap[ip] = time;
    heap[ip + 1] = tag;
  }

  /** Removes the minimum into poppedTime / poppedTag; the caller checks size > 0. */
  popMin(): void {
    const heap = this.heap;
    this.poppedTime = heap[ROOT * 2];
    this.poppedTag = heap[ROOT * 2 + 1];
    const last = --this.size;
    if (last === 0) return;
    const time = heap[(last + ROOT) * 2];
    const tag = heap[(last + ROOT) * 2 + 1];
    const size = last;
    let i = 0;
    for (;;) {
      const first = i * 4 + 1;
      if (first >= size) break;
      let best = first;
      let bestTime = heap[(first + ROOT) * 2];
      const end = first + 4 < size ? first + 4 : size;
      for (let c = first + 1; c < end; c++) {
        const ct = heap[(c + ROOT) * 2];
        if (ct < bestTime || (ct === bestTime && heap[(c + ROOT) * 2 + 1] < heap[(best + ROOT) * 2 + 1])) {
          best = c;
          bestTime = ct;
        }
      }
      const bp = (best + ROOT) * 2;
      if (time < bestTime || (time === bestTime && tag < heap[bp + 1])) break;
      const ip = (i + ROOT) * 2;
      heap[ip] = bestTime;
      heap[ip + 1] = heap[bp + 1];
      i = best;
    }
    const ip = (i + ROOT) * 2;
    heap[ip] = time;
    heap[ip + 1] = tag;
  }

  /** Appends every pair to `out` (as time, tag) and empties the heap. */
  drainInto(out: number[]): void {
    for (let i = 0; i < this.size; i++) out.push(this.heap[(i + ROOT) * 2], this.heap[(i + ROOT) * 2 + 1]);
    this.size = 0;
  }
}
