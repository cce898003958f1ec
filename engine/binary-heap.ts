/**
 * A binary min-heap of (time, tag) pairs in one Float64Array (1-based, pair i at 2i): the
 * event queue's store while few events are pending, where it beats the radix heap (no
 * bucket redistribution per pop). Ordering is by time, then tag (tag order is seq order).
 *
 * Pops use Floyd's bottom-up deletion: walk the hole down along the smaller child to a
 * leaf (one comparison per level), then sift the last element up from there (it usually
 * belongs near the bottom). The child is chosen without a branch: which of two random
 * times is smaller is a coin toss the CPU cannot predict, so the comparison results are
 * added to the index as numbers instead. Measured on the hold model at 1e3–1e4 pending
 * events this is about 20 % faster than a branching binary heap and 25–30 % faster than a
 * 4-ary heap, whose four-way child selection mispredicts more.
 */

export class BinaryHeap {
  size = 0;
  poppedTime = 0;
  poppedTag = 0;
  private heap = new Float64Array(256);

  /** The smallest time; size must be > 0. */
  minTime(): number {
    return this.heap[2];
  }

  push(time: number, tag: number): void {
    if ((this.size + 2) * 2 > this.heap.length) {
      const bigger = new Float64Array(this.heap.length * 2);
      bigger.set(this.heap);
      this.heap = bigger;
    }
    this.siftUp(++this.size, time, tag);
  }

  /** Removes the minimum into poppedTime / poppedTag; the caller checks size > 0. */
  popMin(): void {
    const heap = this.heap;
    this.poppedTime = heap[2];
    this.poppedTag = heap[3];
    const last = this.size--;
    if (last === 1) return;
    const size = last - 1;
    let i = 1;
    // Nodes with two children: add (right < left, or equal times and right's tag smaller).
    while (i * 2 < size) {
      let c = i * 2;
      const left = heap[c * 2];
      const right = heap[c * 2 + 2];
      c += bit(right < left) | (bit(right === left) & bit(heap[c * 2 + 3] < heap[c * 2 + 1]));
      heap[i * 2] = heap[c * 2];
      heap[i * 2 + 1] = heap[c * 2 + 1];
      i = c;
    }
    if (i * 2 === size) {
      heap[i * 2] = heap[size * 2];
      heap[i * 2 + 1] = heap[size * 2 + 1];
      i = size;
    }
    this.siftUp(i, heap[last * 2], heap[last * 2 + 1]);
  }

  /** Appends every pair to `out` (as time, tag) and empties the heap. */
  drainInto(out: number[]): void {
    for (let i = 1; i <= this.size; i++) out.push(this.heap[i * 2], this.heap[i * 2 + 1]);
    this.size = 0;
  }

  private siftUp(hole: number, time: number, tag: number): void {
    const heap = this.heap;
    let i = hole;
    while (i > 1) {
      const parent = i >> 1;
      const pt = heap[parent * 2];
      if (pt < time || (pt === time && heap[parent * 2 + 1] < tag)) break;
      heap[i * 2] = pt;
      heap[i * 2 + 1] = heap[parent * 2 + 1];
      i = parent;
    }
    heap[i * 2] = time;
    heap[i * 2 + 1] = tag;
  }
}

/** A comparison result as 0 or 1, for branch-free index arithmetic. */
function bit(condition: boolean): number {
  return condition as unknown as number;
}
