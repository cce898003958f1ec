import test from 'ava';
import { TCP_DEFAULT_SCALING_RATIO, tcpFreeWindow, tcpScalingRatio, tcpWinFromSpace } from '../../../models/rx/tcp-window.ts';

test('scaling_ratio = len * 256 / truesize: 2112-byte fragments keep 68 %, a 64K page per frame 2 %', (t) => {
  t.is(tcpScalingRatio(1448, 2112), 175);
  t.is(tcpScalingRatio(1448, 4352), 85);
  t.is(tcpScalingRatio(1448, 65792), 5);
  t.is(tcpScalingRatio(10, 1_000_000), 1, 'never below 1');
  t.is(TCP_DEFAULT_SCALING_RATIO, 128);
});

test('tcp_win_from_space: 6.x scales by the measured ratio, 5.15 halves the space', (t) => {
  t.is(tcpWinFromSpace('6.x', 6291456, 175), 4300800);
  t.is(tcpWinFromSpace('6.x', 6291456, 5), 122880);
  t.is(tcpWinFromSpace('5.15', 6291456, 5), 3145728);
  t.is(tcpWinFromSpace('6.x', -5, 175), 0);
});

test('__tcp_select_window: zero below one MSS once under half the full space', (t) => {
  // 64K pages, 6.x: the full window is only 120 KB; 1 MSS of free window is 1448 B.
  const rcvbuf = 6291456;
  t.is(tcpFreeWindow('6.x', rcvbuf, 0, 5, 1448), 122880);
  t.is(tcpFreeWindow('6.x', rcvbuf, rcvbuf - 65792, 5, 1448), 0, 'one free 64K slot gives 1285 B < MSS');
  t.true(tcpFreeWindow('6.x', rcvbuf, rcvbuf / 4, 175, 1448) > 0);
});
