/**
 * The ns3 bench section's own logic and nicsim's side of it. ns-3 itself is optional (Debian's
 * libns3-dev), so the section must either be available or say why it is not.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { fastest, ns3Section, sameWorkload, speedup } from '../../bench/ns3.ts';

const child = (args: string[]): string[] =>
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/ns3-nicsim.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .trim()
    .split(/\s+/);

test('ns3-nicsim hold prints one positive ns-per-hold figure', (t) => {
  const out = child(['hold', '1000', '1000', '1']);
  t.is(out.length, 1);
  t.true(Number(out[0]) > 0);
});

test('ns3-nicsim mm1 prints events, wall ns and a mean sojourn near the M/M/1/K steady state', (t) => {
  const [events, wallNs, sojournNs] = child(['mm1', '50000000', '1']).map(Number);
  // 50 ms at 1 Mpps arrivals: about 100k events (arrivals and departures).
  t.true(events > 90_000 && events < 110_000, `${events} events`);
  t.true(wallNs > 0);
  t.true(Math.abs(sojournNs / 3629 - 1) < 0.15, `mean sojourn ${sojournNs} ns`);
});

test('ns3-nicsim refuses unknown arguments with exit 2', (t) => {
  const error = t.throws(() => child(['hold', '1000'])) as unknown as { status: number; stderr: string };
  t.is(error.status, 2);
  t.regex(error.stderr, /^usage: ns3-nicsim\.ts hold <pending> <holds> <seed> \| mm1 <simTimeNs> <seed>\n$/);
});

test('sameWorkload accepts the same M/M/1/K run and stops on a different one', (t) => {
  t.notThrows(() => sameWorkload(3_985_755, 3634.2, 3_989_201, 3639.1));
  t.throws(() => sameWorkload(3_985_755 * 0.95, 3634.2, 3_989_201, 3639.1), { message: /differ/ });
  t.throws(() => sameWorkload(3_985_755, 3634.2 * 1.2, 3_989_201, 3639.1), { message: /differ/ });
});

test('fastest picks the lowest median time or the highest median rate; speedup is a median of per-run ratios', (t) => {
  const heap = { scheduler: 'Heap', samples: [500, 600, 550] };
  const pq = { scheduler: 'PriorityQueue', samples: [260, 250, 900] };
  t.is(fastest([heap, pq], 'lower').scheduler, 'PriorityQueue');
  t.is(fastest([heap, pq], 'higher').scheduler, 'Heap');
  t.is(speedup([200, 300, 400], [100, 100, 100], 'lower'), 'nicsim 3.00x as fast');
  t.is(speedup([2, 4, 8], [4, 4, 4], 'higher'), 'nicsim 1.00x as fast');
});

test('the ns3 section is available or says why not', (t) => {
  const why = ns3Section.unavailable?.() ?? null;
  if (why === null) t.pass('ns-3 and g++ are installed here');
  else t.regex(why, /^skipped: needs g\+\+ and ns-3's headers and libns3-core \(Debian 12: apt-get install libns3-dev\); /);
});
