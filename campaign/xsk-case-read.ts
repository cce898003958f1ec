/**
 * The check of a stored XSK socket case (campaign/commands/xsk-socket.ts) before it is
 * replayed: every field the runner reads, with the rules the models enforce when the system is
 * built (a UMEM chunk is 2048 or 4096 bytes on a 4K-page x86_64, rings are powers of two, the
 * NIC ring is larger than its driver's stop room), so a hand-edited case is refused naming the
 * field instead of throwing inside the model. The upper bounds are far above anything the
 * generators draw (at most 160 frames, 256 ring entries, 80 commands); they only keep a
 * report file from asking for gigabytes of rings or hours of commands.
 */
import { kernelOf, type KernelRef } from '../models/kernel/kernel-of.ts';
import { KernelSpecError } from '../models/kernel/kernel-spec.ts';
import { DRIVER_NAMES, driverOf } from '../models/drivers/index.ts';
import { netDevProfile } from '../models/nic/netdev.ts';
import { child, expect, FieldProblem, integerIn, oneOf, onlyKeys, record } from './json-fields.ts';

const CONFIG_KEYS = ['seed', 'kernel', 'nic', 'nicRingEntries', 'txEntries', 'cqEntries', 'numFrames', 'frameSizeBytes', 'packetSizeBytes', 'sndbufBytes', 'bugs'];
const BUG_KEYS = ['bugV4WmemDoubleCharge', 'bugV3TruesizeBytes'];
const MAX_RING_ENTRIES = 65536;
const MAX_FRAMES = 65536;
const MAX_COMMANDS = 10_000;
/** One simulated second per `advance`: the generators advance at most 200 µs. */
const MAX_ADVANCE_NS = 1_000_000_000;

function powerOfTwo(value: unknown, where: string, min: number): number {
  const n = value as number;
  expect(Number.isSafeInteger(n) && n >= min && n <= MAX_RING_ENTRIES && (n & (n - 1)) === 0, where, `a power of two from ${min} to ${MAX_RING_ENTRIES}`, value);
  return n;
}

/** A kernel spec the registry resolves, else a problem at the part of it that does not (`…kernel.with[0]`). */
function kernelSpec(value: unknown, where: string): KernelRef {
  try {
    kernelOf(value as KernelRef);
    return value as KernelRef;
  } catch (error) {
    if (!(error instanceof KernelSpecError)) throw error;
    const below = error.pointer.split('/').slice(1).reduce<string>((at, key) => child(at, /^\d+$/.test(key) ? Number(key) : key), where);
    throw new FieldProblem(below, error.detail);
  }
}

function checkConfig(value: unknown, where: string): void {
  const c = record(value, where, 'an XSK system config (an object with seed, kernel, nic, ring sizes and frame sizes)');
  onlyKeys(c, where, CONFIG_KEYS);
  integerIn(c.seed, child(where, 'seed'), 0, Number.MAX_SAFE_INTEGER);
  const kernel = kernelSpec(c.kernel, child(where, 'kernel'));
  const nic = oneOf(c.nic, child(where, 'nic'), DRIVER_NAMES);
  const ring = powerOfTwo(c.nicRingEntries, child(where, 'nicRingEntries'), 2);
  const stopRoom = netDevProfile(nic, kernel, { txRingEntries: ring }).stopRoomSlots;
  expect(ring > stopRoom, child(where, 'nicRingEntries'), `more than ${stopRoom} entries (${nic} stops its queue with fewer than ${stopRoom} free)`, ring);
  const floor = driverOf(nic)?.limits?.ringEntries;
  if (floor?.min !== undefined) expect(ring >= floor.min, child(where, 'nicRingEntries'), `at least ${floor.min} entries (${nic}: ${floor.minSource ?? 'its minimum ring'})`, ring);
  powerOfTwo(c.txEntries, child(where, 'txEntries'), 1);
  powerOfTwo(c.cqEntries, child(where, 'cqEntries'), 1);
  integerIn(c.numFrames, child(where, 'numFrames'), 1, MAX_FRAMES);
  const frame = c.frameSizeBytes as number;
  expect(frame === 2048 || frame === 4096, child(where, 'frameSizeBytes'), '2048 or 4096 (an aligned UMEM chunk on 4K pages)', c.frameSizeBytes);
  integerIn(c.packetSizeBytes, child(where, 'packetSizeBytes'), 1, frame);
  integerIn(c.sndbufBytes, child(where, 'sndbufBytes'), 1, 2 ** 31 - 1);
  if (c.bugs !== undefined) {
    const bugs = record(c.bugs, child(where, 'bugs'), 'an object of known-bad switches');
    onlyKeys(bugs, child(where, 'bugs'), BUG_KEYS);
    for (const key of BUG_KEYS) if (bugs[key] !== undefined) expect(typeof bugs[key] === 'boolean', child(child(where, 'bugs'), key), 'true or false', bugs[key]);
  }
}

function checkCommand(value: unknown, where: string): void {
  const c = record(value, where, 'a command (an object with "op": "submit", "sendto", "advance", "reap" or "link")');
  const op = oneOf(c.op, child(where, 'op'), ['submit', 'sendto', 'advance', 'reap', 'link'] as const);
  switch (op) {
    case 'submit':
      onlyKeys(c, where, ['op', 'count', 'invalidEvery']);
      integerIn(c.count, child(where, 'count'), 1, MAX_FRAMES);
      integerIn(c.invalidEvery, child(where, 'invalidEvery'), 0, MAX_FRAMES);
      break;
    case 'sendto':
      onlyKeys(c, where, ['op']);
      break;
    case 'advance':
      onlyKeys(c, where, ['op', 'ns']);
      integerIn(c.ns, child(where, 'ns'), 1, MAX_ADVANCE_NS);
      break;
    case 'reap':
      onlyKeys(c, where, ['op', 'max']);
      integerIn(c.max, child(where, 'max'), 1, MAX_RING_ENTRIES);
      break;
    case 'link':
      onlyKeys(c, where, ['op', 'up']);
      expect(typeof c.up === 'boolean', child(where, 'up'), 'true or false', c.up);
      break;
  }
}

/** Throws a FieldProblem at the first field of `input` (at JSON path `where`) the runner cannot take. */
export function checkXskCaseInput(input: unknown, where: string): void {
  const value = record(input, where, 'an XSK case input (an object with "config" and "commands")');
  onlyKeys(value, where, ['config', 'commands']);
  checkConfig(value.config, child(where, 'config'));
  const commands = value.commands;
  expect(Array.isArray(commands) && commands.length <= MAX_COMMANDS, child(where, 'commands'), `an array of at most ${MAX_COMMANDS} commands`, commands);
  (commands as unknown[]).forEach((c, i) => checkCommand(c, child(child(where, 'commands'), i)));
}
