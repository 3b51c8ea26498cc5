package org.hamal.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;

/**
 * Text frames encoded once and written to many sockets. The public API only builds text frames
 * from a String, which would re-encode the message for every client; Vert.x's frame
 * implementation takes the bytes, and a duplicate per socket shares them without copying.
 */
final class Frames {

  private Frames() {}

  /** UTF-8 bytes of a message, encoded once. */
  static ByteBuf encode(String json) {
    return Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A text frame over the shared bytes, for one socket. */
  static WebSocketFrame text(ByteBuf shared) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, shared.duplicate(), true);
  }
}
