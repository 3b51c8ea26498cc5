package org.hamal.gateway;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The one place Hamal reaches under Vert.x's API: a connection's Netty channel, through the
 * internal {@code ConnectionBase}. Two things need it and Vert.x offers neither: fitting a live
 * socket's pipeline to many small frames (flushes, send buffer: {@code LivePipeline}), and
 * answering requests of an unknown HTTP version in the API's JSON before Vert.x's own 501
 * ({@code ParserErrors}). Null when the implementation does not expose it: both then do without.
 */
public final class NettyChannels {

  private NettyChannels() {}

  /** The connection's Netty channel, when Vert.x's implementation exposes it; else null. */
  public static Channel of(HttpConnection connection) {
    return connection instanceof ConnectionBase c ? c.channel() : null;
  }
}
