package org.hamal.gateway.live;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * Whether a live client is reading what it was sent, seen from its socket. A tablet on a slow
 * network reading a large snapshot is behind, not dead: its pong waits behind the pages, and
 * dropping it would only start the same snapshot over. So a client counts as heard when, at the
 * last look (heartbeat), bytes were waiting in its connection for the kernel — which takes more
 * only as the peer takes them — and they have moved since: the frame at the head was written
 * through, or more of it was. Moved bytes, not Vert.x's drain events: Vert.x 5 queues up to 16
 * whole messages beyond the connection's buffer and signals a drain only once most are gone, and
 * not Netty's writability, which changes only when a whole frame is through: both can take a slow
 * tablet longer than {@code deadAfterSeconds} with snapshot pages of hundreds of KB. Nothing
 * waiting proves nothing: a vanished peer's kernel keeps taking a trickle of heartbeats.
 *
 * <p>Read on the channel's event loop, which is the verticle's (heartbeats run there).
 */
final class SendProgress {

  private final Channel channel;
  private Object headAtLastLook;
  private long progressAtLastLook;
  private boolean waitingAtLastLook;

  private SendProgress(Channel channel) {
    this.channel = channel;
  }

  /** Watches a live socket's channel; null when there is none to watch. */
  static SendProgress of(Channel channel) {
    return channel == null ? null : new SendProgress(channel);
  }

  /** True when bytes were waiting for the kernel at the last look and have moved since. */
  boolean readSinceLastLook() {
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    if (out == null) {
      return false; // closed
    }
    Object head = out.current();
    long progress = out.currentProgress();
    boolean moved = waitingAtLastLook && (head != headAtLastLook || progress != progressAtLastLook);
    headAtLastLook = head;
    progressAtLastLook = progress;
    waitingAtLastLook = head != null;
    return moved;
  }
}
