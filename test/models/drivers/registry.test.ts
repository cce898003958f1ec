/**
 * DRIVERS (models/drivers/index.ts) is the only list of NIC drivers: each entry is well formed,
 * every profile has the one shape the shared TX path reads, the private knobs do not collide,
 * the docs table lists exactly the registry, and no source outside models/drivers/ names a
 * driver (so adding one is a folder plus one registry line).
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { DRIVER_NAMES, DRIVERS, driverOf, type DriverName } from '../../../models/drivers/index.ts';
import type { DriverModule } from '../../../models/drivers/driver.ts';
import { NETDEV_DEFAULTS } from '../../../models/drivers/profile.ts';
import { KERNEL_VERSIONS } from '../../../models/kernel/version.ts';
import { DRIVER_MAX_RING_ENTRIES, MANA_MAX_QUEUES } from '../../../scenario/limits.ts';
import { NIC_DRIVERS } from '../../../scenario/schema.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const modules = (): [DriverName, DriverModule][] => DRIVER_NAMES.map((n) => [n, DRIVERS[n] as DriverModule]);

test('every registry entry is named by its key and says what it models', (t) => {
  t.true(DRIVER_NAMES.length >= 4);
  for (const [key, m] of modules()) {
    t.is(m.name, key);
    t.true(m.summary.length > 20 && m.summary.endsWith('.'), `${key}: a one-sentence summary`);
    t.true(m.xmitCost.key.endsWith('Ns') && m.xmitCost.defaultNs > 0, `${key}: xmit cost key in ns`);
    t.is(driverOf(key), m);
  }
  t.is(driverOf('e1000'), undefined);
  t.is(driverOf('toString'), undefined, 'no inherited property is a driver');
  t.deepEqual([...NIC_DRIVERS], DRIVER_NAMES, 'the schema enum is the registry');
});

test('every profile, on every kernel class, has the shared fields in one order, its own kind and its private part', (t) => {
  const shape = ['kind', ...Object.keys(NETDEV_DEFAULTS), 'priv'];
  for (const [key, m] of modules()) {
    for (const kernel of KERNEL_VERSIONS) {
      const p = m.profile(kernel, {});
      t.deepEqual(Object.keys(p), shape, `${key} on ${kernel}`);
      t.is(p.kind, key);
      t.true(p.stopRoomSlots >= 1 && p.stopRoomSlots < p.txRingEntries, `${key} on ${kernel}: a ring larger than its stop room`);
      t.true(m.minCleanFrameBytes(p) >= 14, `${key}: at least an Ethernet header`);
    }
  }
});

test('overrides: shared fields apply to every driver, a private knob only to its own', (t) => {
  const knobs = modules().flatMap(([, m]) => Object.keys(m.tuning));
  t.is(new Set(knobs).size, knobs.length, 'no two drivers share a knob name');
  for (const k of knobs) t.false(k in NETDEV_DEFAULTS, `${k} is not a shared field`);
  for (const [key, m] of modules()) {
    const p = m.profile('6.x', { txRingEntries: 4096, ifname: 'x0' });
    t.is(p.txRingEntries, 4096, key);
    t.is(p.ifname, 'x0', key);
    for (const k of Object.keys(m.tuning)) t.true(k in p.priv, `${key}: tuning knob ${k} is a private field`);
  }
});

test('docs/ARCHITECTURE.md lists exactly the registered drivers, in registry order', (t) => {
  const doc = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Drivers'), doc.indexOf('### Cost tables'));
  const rows = [...section.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]);
  t.deepEqual(rows, DRIVER_NAMES);
});

/**
 * Sources outside models/drivers/ that name one driver on purpose, with why; a driver list or a
 * switch on names anywhere else fails the test below. Tests name drivers to test them.
 */
const NAMES_ONE_DRIVER: Readonly<Record<string, string>> = {
  'models/xsk/calibrate.ts': "fits virtio_net's costs to the seed's table, measured on virtio_net",
  'bench/xdpsock.ts': 'benchmarks named cases (virtio_net zero-copy and copy, mlx5)',
  'tools/figures.ts': 'its `mana` field is the MANA RX chart, not a driver list',
};

/**
 * Lists that still repeat the registry, each with the DriverModule member that replaces it; the
 * files belong to another change, which empties this record.
 */
const AWAITING_REGISTRY: Readonly<Record<string, string>> = {
  'scenario/limits.ts': 'DRIVER_MAX_RING_ENTRIES and MANA_MAX_QUEUES: read DriverModule.limits',
  'scenario/check.ts': "the `nic.driver === 'mana'` queue check: read DriverModule.limits.queues",
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', 'dist', '.git', 'test'].includes(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.isFile() && e.name.endsWith('.ts') ? [path] : [];
  });
}

function driverLiterals(fileName: string, text: string, names: ReadonlySet<string>): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && names.has(node.text)) {
      found.push(`${fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} '${node.text}'`);
    }
    // An object key written as a bare identifier (`{ virtio_net: 32 }`) names a driver too.
    if ((ts.isPropertyAssignment(node) || ts.isPropertySignature(node)) && ts.isIdentifier(node.name) && names.has(node.name.text)) {
      found.push(`${fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} ${node.name.text}:`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no source outside models/drivers/ names a driver, so adding one is a folder and a registry line', (t) => {
  const names = new Set<string>(DRIVER_NAMES);
  const found: string[] = [];
  for (const path of sources(ROOT)) {
    const rel = relative(ROOT, path).split(sep).join('/');
    if (rel.startsWith('models/drivers/') || NAMES_ONE_DRIVER[rel] !== undefined || AWAITING_REGISTRY[rel] !== undefined) continue;
    found.push(...driverLiterals(rel, readFileSync(path, 'utf8'), names));
  }
  t.deepEqual(found, [], 'derive the list from DRIVERS (models/drivers/index.ts), or ask the driver module');
});

test('the lists awaiting the registry agree with DriverModule.limits', (t) => {
  for (const [key, v] of Object.entries(DRIVER_MAX_RING_ENTRIES)) {
    const ring = driverOf(key)?.limits?.ringEntries;
    t.deepEqual(ring && { max: ring.max, txSource: ring.txSource, rxSource: ring.rxSource }, { max: v.entries, txSource: v.txSource, rxSource: v.rxSource }, key);
  }
  t.is(driverOf('mana')?.limits?.queues?.max, MANA_MAX_QUEUES);
});

test('the scan finds a literal, a key and a template, and ignores comments and longer strings', (t) => {
  const text = "// virtio_net in a comment\nconst a = 'mlx5';\nconst b = { mana: 1 };\nconst c = `generic`;\nconst d = 'virtio_net-ish';";
  t.deepEqual(driverLiterals('x.ts', text, new Set(['virtio_net', 'mlx5', 'mana', 'generic'])), ["x.ts:2 'mlx5'", 'x.ts:3 mana:', "x.ts:4 'generic'"]);
});
