package org.hamal.gateway.live;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.vertx.core.http.HttpConnection;
import org.hamal.gateway.NettyChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the live stream reaches under Vert.x's public API, to a live socket's Netty
 * channel. Vert.x exposes no way to gather many small frames into one flush, to take the HTTP
 * connection's chunked writer out of a WebSocket's pipeline, to bound the kernel's send buffer of
 * one socket, or to see whether a slow client is still reading ({@link SendProgress}); each of
 * these is measured in docs/benchmark-history.md ("Live fan-out") and docs/live-protocol.md
 * ("Heartbeats"). Should a Vert.x release stop exposing the channel, {@link #of} answers null and
 * the stream works on without these fittings.
 */
final class LivePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(LivePipeline.class);
  /** Frames written to a client before a flush is forced within one event-loop task. */
  private static final int FLUSH_AFTER_WRITES = 256;

  private LivePipeline() {}

  /** The connection's Netty channel, when Vert.x's implementation exposes it; else null. */
  static Channel of(HttpConnection connection) {
    return NettyChannels.of(connection);
  }

  /**
   * Fits a live socket's pipeline to many small frames. Vert.x flushes every write made outside a
   * read of its connection: one system call per frame per client. A delivery loop writes many
   * frames to a client in one event-loop task, so their flushes are gathered into one at the end
   * of the task (or every {@link #FLUSH_AFTER_WRITES}). And the HTTP connection's chunked writer
   * (for files) stays in the pipeline after the upgrade, queueing every frame once more until the
   * flush; Vert.x removes it the same way when a connection becomes a plain socket. Without it
   * the fan-out benchmark's real path delivered 20-30 % more. A bounded kernel send buffer
   * ({@code sendBufferBytes} > 0) keeps a slow client's backlog in the write queue, where it is
   * seen and coalesced, rather than in the kernel.
   */
  static void fit(Channel channel, int sendBufferBytes) {
    if (channel != null && channel.pipeline().get(FlushConsolidationHandler.class) == null) {
      if (sendBufferBytes > 0 && !channel.config().setOption(ChannelOption.SO_SNDBUF, sendBufferBytes)) {
        LOG.warn("This transport does not take a socket send buffer size; live.socketSendBufferBytes ignored");
      }
      channel.pipeline().addFirst(new FlushConsolidationHandler(FLUSH_AFTER_WRITES, true));
      if (channel.pipeline().get(ChunkedWriteHandler.class) != null) {
        channel.pipeline().remove(ChunkedWriteHandler.class);
      }
    }
  }
}
