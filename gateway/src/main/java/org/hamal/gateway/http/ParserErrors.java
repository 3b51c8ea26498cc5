package org.hamal.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import org.hamal.gateway.NettyChannels;

/**
 * What the HTTP parser refuses before routing (a control character in a header, a head over the
 * limits, an unknown HTTP version) is answered in the API's JSON error form too, and never with a
 * 5xx: Vert.x itself would answer an empty body, and a 501 for an unknown version.
 */
final class ParserErrors {

  private static final String VERSION_CHECK = "hamal-version-check";

  private ParserErrors() {}

  /** The server's invalid-request handler: a JSON 4xx, then the connection is closed. */
  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = 400;
    String code = "malformed_request";
    String message = "the request could not be parsed";
    if (cause instanceof TooLongFrameException tooLong) {
      boolean line = tooLong.getMessage() != null && tooLong.getMessage().contains("line");
      status = line ? 414 : 431;
      code = line ? "uri_too_long" : "headers_too_large";
      message = line ? "the request line exceeds the limit" : "the request headers exceed the limit";
    } else if (cause instanceof UnsupportedVersion) {
      code = "unsupported_version";
      message = "only HTTP/1.0 and HTTP/1.1 are served";
    }
    ErrorResponses.send(request.response(), status, code, message, null)
        .onComplete(done -> request.connection().close());
  }

  /**
   * Puts the version check into a new connection's pipeline: Vert.x answers a request of any
   * version but 1.0 and 1.1 with a 501 before any handler sees it, so such a request is marked
   * as undecodable (and as 1.0, which the answer is written in) for the invalid-request handler.
   */
  static void watch(HttpConnection connection) {
    Channel channel = NettyChannels.of(connection);
    if (channel == null || channel.pipeline().get("httpDecoder") == null
        || channel.pipeline().get(VERSION_CHECK) != null) {
      return;
    }
    channel.pipeline().addAfter("httpDecoder", VERSION_CHECK, new VersionCheck());
  }

  private static final class VersionCheck extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request
          && request.decoderResult().isSuccess()
          && !HttpVersion.HTTP_1_1.equals(request.protocolVersion())
          && !HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
        request.setProtocolVersion(HttpVersion.HTTP_1_0);
        request.setDecoderResult(DecoderResult.failure(new UnsupportedVersion()));
      }
      if (msg instanceof HttpContent content && !(msg instanceof HttpRequest)
          && content.decoderResult().isFailure()
          && !(content.decoderResult().cause() instanceof MalformedBody)) {
        // The body's framing broke after the head was taken (a bad chunk size): Vert.x fails the
        // request with Netty's bare exception, which would read as a server error.
        content.setDecoderResult(DecoderResult.failure(new MalformedBody(content.decoderResult().cause())));
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** A request body the HTTP parser could not decode: the client's error (400). */
  static final class MalformedBody extends Exception {
    MalformedBody(Throwable cause) {
      super("malformed request body: " + cause.getMessage(), cause, false, false);
    }
  }

  private static final class UnsupportedVersion extends Exception {
    UnsupportedVersion() {
      super("unsupported HTTP version", null, false, false);
    }
  }
}
