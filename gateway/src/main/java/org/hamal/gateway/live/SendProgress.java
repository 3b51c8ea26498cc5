package org.hamal.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Whether a live client is reading what it was sent, seen from its socket. A tablet on a slow
 * network reading a large snapshot is behind, not dead: its pong waits behind the pages, and
 * dropping it would only start the same snapshot over. So a client counts as heard when, between
 * two looks (heartbeats), its connection's buffer was full at the first — the kernel's too, so
 * bytes leave only as the peer takes them — and some of it went out since. Counted in bytes, not
 * in Vert.x's drain events: Vert.x 5 queues up to 16 whole messages beyond the buffer and signals
 * a drain only once most are gone, which for snapshot pages of hundreds of KB can take a slow
 * tablet longer than {@code deadAfterSeconds}. A buffer that is not full proves nothing: a dead
 * peer's kernel keeps taking a trickle of heartbeats.
 *
 * <p>Sits first in the pipeline, next to the socket, so that every byte it counts lands in the
 * channel's outbound buffer. Confined to the channel's event loop, which is the verticle's.
 */
final class SendProgress extends ChannelOutboundHandlerAdapter {

  private final Channel channel;
  /** Bytes written through this handler towards the socket. */
  private long written;
  private long sentAtLastLook = Long.MAX_VALUE;
  private boolean fullAtLastLook;

  private SendProgress(Channel channel) {
    this.channel = channel;
  }

  /** Watches a live socket's channel; null when there is none to watch. */
  static SendProgress install(Channel channel) {
    if (channel == null) {
      return null;
    }
    SendProgress progress = new SendProgress(channel);
    channel.pipeline().addFirst(progress);
    return progress;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf bytes) {
      written += bytes.readableBytes();
    } else if (msg instanceof ByteBufHolder holder) {
      written += holder.content().readableBytes();
    }
    ctx.write(msg, promise);
  }

  /** True when the buffer was full at the last look and some of it has gone out since. */
  boolean readSinceLastLook() {
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    if (out == null) {
      return false; // closed
    }
    long sent = written - out.totalPendingWriteBytes();
    boolean read = fullAtLastLook && sent > sentAtLastLook;
    sentAtLastLook = sent;
    fullAtLastLook = !channel.isWritable();
    return read;
  }
}
