import test from 'ava';
import seedrandom from 'seedrandom';
import { RandomStream, streamKey } from '../../engine/rng.ts';

test('a stream steps exactly seedrandom alea seeded from (root seed, name)', (t) => {
  for (const [seed, name] of [[1, 'mm1.arrivals'], [42, 'xsk.tx'], [-7, 'mana.rx.arrivals']] as const) {
    const stream = new RandomStream(seed, name);
    const reference = seedrandom.alea(streamKey(seed, name));
    for (let i = 0; i < 20000; i++) {
      const got = stream.uniform();
      const want = reference();
      if (got !== want) return t.fail(`draw ${i} of ${name}@${seed}: ${got} != ${want}`);
    }
    t.is(stream.draws, 20000);
  }
});
