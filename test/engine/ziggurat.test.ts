import test from 'ava';
import { RandomStream } from '../../engine/rng.ts';

test('ziggurat exponential variates fit the unit exponential (mean, variance, chi-square over 20 bins)', (t) => {
  const stream = new RandomStream(7, 'ziggurat.check');
  const n = 400000;
  const bins = new Float64Array(21);
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = stream.unitExponential();
    t.true(x >= 0 || t.fail(`negative variate ${x}`));
    sum += x;
    sumSquares += x * x;
    bins[Math.min(20, Math.floor(x * 4))]++;
  }
  const mean = sum / n;
  t.true(Math.abs(mean - 1) < 0.006, `mean ${mean}`);
  t.true(Math.abs(sumSquares / n - mean * mean - 1) < 0.02, `variance ${sumSquares / n - mean * mean}`);
  let chiSquare = 0;
  for (let b = 0; b <= 20; b++) {
    const p = b < 20 ? Math.exp(-b / 4) - Math.exp(-(b + 1) / 4) : Math.exp(-5);
    chiSquare += (bins[b] - n * p) ** 2 / (n * p);
  }
  // 20 degrees of freedom: the 99.9th percentile is 45.3.
  t.true(chiSquare < 45.3, `chi-square ${chiSquare.toFixed(1)}`);
  // Nearly every variate costs one 32-bit draw.
  t.true(stream.draws / n < 1.05, `draws per variate ${stream.draws / n}`);
});
