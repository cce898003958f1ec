/**
 * The remote TCP-like sender: it transmits MSS-sized segments back to back at the link rate
 * while the receiver's advertised right edge allows, and learns that edge one one-way delay
 * after the receiver sent it (so throughput is bounded by window / RTT).
 *
 * Modelled: flow control (snd_nxt <= peer right edge), Reno-style congestion control
 * (initial cwnd 10 MSS, slow start, additive increase, halving on a signalled loss, 1 MSS
 * after a timeout), go-back-N after a signalled hole (the receiver discarded a segment after
 * a gap), and a retransmission timeout that rewinds to snd_una when nothing was acknowledged
 * for rtoNs.
 * Simplified: no SACK, no fast recovery inflation, no pacing beyond the link serialisation time.
 */

export interface TcpSender {
  readonly mssBytes: number;
  sndUna: number;
  sndNxt: number;
  /** The peer's advertised right edge as last learnt from an ACK. */
  peerRightEdge: number;
  /** The highest sequence ever sent (retransmissions are below it). */
  sndMax: number;
  retransmittedBytes: number;
  goBackEvents: number;
  rtoEvents: number;
  /** snd_una when the retransmission timer was armed; -1 when disarmed. */
  rtoArmedUna: number;
  cwndBytes: number;
  ssthreshBytes: number;
}

export function createTcpSender(mssBytes: number, initialRightEdge: number): TcpSender {
  return { mssBytes, sndUna: 0, sndNxt: 0, peerRightEdge: initialRightEdge, sndMax: 0, retransmittedBytes: 0, goBackEvents: 0, rtoEvents: 0, rtoArmedUna: -1, cwndBytes: 10 * mssBytes, ssthreshBytes: Number.MAX_SAFE_INTEGER };
}

/** Payload of the next segment the window allows now, or 0. Mirrors tcp_snd_wnd_test(), net/ipv4/tcp_output.c. */
export function tcpSendable(tx: TcpSender): number {
  const limit = tx.sndUna + tx.cwndBytes < tx.peerRightEdge ? tx.sndUna + tx.cwndBytes : tx.peerRightEdge;
  const room = limit - tx.sndNxt;
  return room >= tx.mssBytes ? tx.mssBytes : 0;
}

/** Records one transmitted segment; returns its sequence number. */
export function tcpOnSend(tx: TcpSender, payloadBytes: number): number {
  const seq = tx.sndNxt;
  if (seq < tx.sndMax) tx.retransmittedBytes += payloadBytes;
  tx.sndNxt += payloadBytes;
  if (tx.sndNxt > tx.sndMax) tx.sndMax = tx.sndNxt;
  return seq;
}

/**
 * Processes an ACK. Mirrors tcp_ack() reduced to snd_una / snd_wnd updates and Reno's
 * tcp_reno_cong_avoid() / tcp_enter_recovery() halving, net/ipv4/tcp_input.c, tcp_cong.c.
 */
export function tcpOnAck(tx: TcpSender, ackSeq: number, rightEdge: number, hole: boolean): void {
  if (ackSeq > tx.sndUna) {
    const acked = ackSeq - tx.sndUna;
    tx.sndUna = ackSeq;
    if (tx.cwndBytes < tx.ssthreshBytes) tx.cwndBytes += acked;
    else tx.cwndBytes += Math.max(1, Math.floor((tx.mssBytes * acked) / tx.cwndBytes));
  }
  if (rightEdge > tx.peerRightEdge) tx.peerRightEdge = rightEdge;
  if (hole && tx.sndNxt > ackSeq) {
    tx.ssthreshBytes = Math.max(Math.floor((tx.sndNxt - ackSeq) / 2), 2 * tx.mssBytes);
    tx.cwndBytes = tx.ssthreshBytes;
    tx.sndNxt = ackSeq;
    tx.goBackEvents++;
  }
  if (tx.sndNxt < tx.sndUna) tx.sndNxt = tx.sndUna;
}

/** Retransmission timeout: rewinds to snd_una when it has not moved since the timer was armed. */
export function tcpOnRto(tx: TcpSender): boolean {
  const fired = tx.rtoArmedUna === tx.sndUna && tx.sndNxt > tx.sndUna;
  if (fired) {
    tx.ssthreshBytes = Math.max(Math.floor((tx.sndNxt - tx.sndUna) / 2), 2 * tx.mssBytes);
    tx.cwndBytes = tx.mssBytes;
    tx.sndNxt = tx.sndUna;
    tx.rtoEvents++;
  }
  tx.rtoArmedUna = -1;
  return fired;
}
