/**
 * Tables for Marsaglia and Tsang's ziggurat method for unit exponential variates ("The
 * Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8), 2000; their
 * zigset/REXP with 256 levels). About 99 % of draws need one 32-bit uniform, a table
 * lookup and a multiply; only the rest evaluate exp() or log(). Compared with inversion
 * (-log(1 - u)) this removes a Math.log call from nearly every exponential draw, which was
 * the largest cost of an M/M/1 event.
 *
 * As in the published generator, the low 8 bits of the 32-bit draw select the level and
 * the whole draw scales the value; the tables are built once from Math.exp/Math.log, which
 * V8 implements with fdlibm, so they are identical on every machine.
 */

const TWO_POW_32 = 4294967296;

export const ZIG_KE = new Float64Array(256);
export const ZIG_WE = new Float64Array(256);
export const ZIG_FE = new Float64Array(256);
export const ZIG_R = 7.697117470131487;

(function setup(): void {
  const ve = 3.949659822581572e-3;
  let de = ZIG_R;
  let te = de;
  const q = ve / Math.exp(-de);
  ZIG_KE[0] = Math.floor((de / q) * TWO_POW_32);
  ZIG_KE[1] = 0;
  ZIG_WE[0] = q / TWO_POW_32;
  ZIG_WE[255] = de / TWO_POW_32;
  ZIG_FE[0] = 1;
  ZIG_FE[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de));
    ZIG_KE[i + 1] = Math.floor((de / te) * TWO_POW_32);
    te = de;
    ZIG_FE[i] = Math.exp(-de);
    ZIG_WE[i] = de / TWO_POW_32;
  }
})();
