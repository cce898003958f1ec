import test from 'ava';
import { DETACHED_CLOCK } from '../../../engine/index.ts';
import { createRcvQueue, rcvQueuePop } from '../../../models/rx/rcv-queue.ts';
import { udpEnqueue } from '../../../models/rx/udp-receiver.ts';
import {
  TCP_RX_OUT_OF_ORDER,
  TCP_RX_OUT_OF_WINDOW,
  TCP_RX_QUEUED,
  createTcpReceiver,
  tcpReceiveSegment,
  tcpSelectWindow,
  tcpTakeHoleSignal,
} from '../../../models/rx/tcp-receiver.ts';
import { createTcpSender, tcpOnAck, tcpOnRto, tcpOnSend, tcpSendable } from '../../../models/rx/tcp-sender.ts';

test('UDP admits while sk_rmem_alloc <= sk_rcvbuf, so memory overshoots by at most one truesize', (t) => {
  const q = createRcvQueue(212992, 4096);
  let queued = 0;
  while (udpEnqueue(DETACHED_CLOCK, q, queued, 1472, 65792)) queued++;
  t.is(queued, 4, '212992 / 65792 = 3.2: the 4th is admitted at 197376 <= 212992, the 5th is dropped');
  t.true(q.rmemAllocBytes <= q.rcvbufBytes + 65792);
  const q2 = createRcvQueue(212992, 4096);
  let queued2 = 0;
  while (udpEnqueue(DETACHED_CLOCK, q2, queued2, 1472, 2112)) queued2++;
  t.is(queued2, 101);
  t.is(rcvQueuePop(DETACHED_CLOCK, q2), 0);
  t.is(q2.poppedTruesizeBytes, 2112);
  t.is(q2.rmemAllocBytes, 100 * 2112);
});

test('TCP receiver: in-order queueing charges truesize, the window closes as memory fills and never shrinks', (t) => {
  const q = createRcvQueue(6291456, 8192);
  const rx = createTcpReceiver('6.x', 1448, q);
  let seq = 0;
  t.is(tcpReceiveSegment(DETACHED_CLOCK, rx, 1, seq, 1448, 65792), TCP_RX_QUEUED);
  seq += 1448;
  const edge1 = tcpSelectWindow(rx);
  t.is(rx.scalingRatio, 5);
  // The edge computed at ratio 128 before the first measurement stays: windows never shrink.
  t.true(edge1 >= 6291456 / 2);
  t.is(tcpReceiveSegment(DETACHED_CLOCK, rx, 2, seq + 1448, 1448, 65792), TCP_RX_OUT_OF_ORDER);
  t.true(tcpTakeHoleSignal(rx));
  t.is(tcpReceiveSegment(DETACHED_CLOCK, rx, 3, seq + 2896, 1448, 65792), TCP_RX_OUT_OF_ORDER);
  t.false(tcpTakeHoleSignal(rx), 'a hole is signalled once per rcv_nxt');
  rx.rightEdge = rx.rcvNxt + 1000;
  t.is(tcpReceiveSegment(DETACHED_CLOCK, rx, 4, rx.rcvNxt, 1448, 65792), TCP_RX_OUT_OF_WINDOW);
});

test('TCP sender: window-limited, goes back N on a signalled hole, RTO rewinds to snd_una', (t) => {
  const tx = createTcpSender(1448, 2896);
  t.is(tcpSendable(tx), 1448);
  tcpOnSend(tx, 1448);
  tcpOnSend(tx, 1448);
  t.is(tcpSendable(tx), 0);
  tcpOnAck(tx, 1448, 1448 * 4, true);
  t.is(tx.sndNxt, 1448);
  t.is(tx.goBackEvents, 1);
  tcpOnSend(tx, 1448);
  t.is(tx.retransmittedBytes, 1448);
  tx.rtoArmedUna = tx.sndUna;
  t.true(tcpOnRto(tx));
  t.is(tx.sndNxt, tx.sndUna);
});
