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
import { tcpGrowWindow, tcpGrowWindowIncr } from '../../../models/rx/tcp-window.ts';
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
  // rcv_ssthresh starts at 10 segments, and 6.x grows it by 2 * len per segment even for 64K truesize.
  t.is(rx.rcvSsthreshBytes, 14480 + 2896);
  t.is(edge1, 1448 + 14480 + 2896);
  const before = rx.rightEdge;
  rx.rcvSsthreshBytes = 1000;
  tcpSelectWindow(rx);
  t.is(rx.rightEdge, before, 'windows never shrink');
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

test('tcp_grow_window: on 5.15 a 64K-page skb stops growing rcv_ssthresh near 100 KB, a 2112-byte fragment never does', (t) => {
  // 5.15: win_from_space(65792) = 32896 > 1448, so __tcp_grow_window halves truesize and window until
  // truesize (1028) fits the length; that needs rcv_ssthresh <= 98304.
  t.is(tcpGrowWindowIncr('5.15', 98304, 1448, 65792, 6291456, 128, 1448), 2896);
  t.is(tcpGrowWindowIncr('5.15', 98305, 1448, 65792, 6291456, 128, 1448), 0);
  let ss = 14480;
  for (let i = 0; i < 10000; i++) ss = tcpGrowWindow('5.15', ss, 3145728, 3145728, 1448, 65792, 6291456, 128, 1448);
  t.true(ss > 98304 && ss <= 98304 + 2896, `rcv_ssthresh stuck at ${ss}`);
  let frag = 14480;
  for (let i = 0; i < 10000; i++) frag = tcpGrowWindow('5.15', frag, 3145728, 3145728, 1448, 2112, 6291456, 128, 1448);
  t.is(frag, 3145728);
  // 6.x: the scaling ratio makes win_from_space(65792) = 1285 <= 1448, so it grows.
  t.is(tcpGrowWindow('6.x', 14480, 122880, 122880, 1448, 65792, 6291456, 5, 1448), 14480 + 2896);
});
