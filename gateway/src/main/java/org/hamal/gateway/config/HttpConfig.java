package org.hamal.gateway.config;

/**
 * The HTTP and WebSocket server.
 *
 * @param host bind address
 * @param port port; 0 picks a free one (tests)
 * @param instances server verticle instances; 0 means one per event loop
 * @param bodyLimitBytes largest request body; larger ones get 413
 * @param batchBodyLimitBytes largest batch-intake body
 * @param publicUrl the address people open, for the start-up banner; null derives it
 * @param maxConnections open connections at most (HTTP and WebSocket); more are closed at once,
 *     before they cost anything: the node keeps file descriptors for its own work
 * @param idleTimeoutSeconds a connection with nothing read or written this long is closed
 * @param headerTimeoutSeconds a connection must send a whole request head this soon after it
 *     opens (a client trickling its headers holds no connection for long)
 */
public record HttpConfig(
    String host,
    int port,
    int instances,
    long bodyLimitBytes,
    long batchBodyLimitBytes,
    String publicUrl,
    int maxConnections,
    int idleTimeoutSeconds,
    int headerTimeoutSeconds) {

  /** The address people open: {@code publicUrl} without a trailing slash, else this node's own. */
  public String baseUrl() {
    if (publicUrl != null && !publicUrl.isBlank()) {
      return publicUrl.replaceAll("/+$", "");
    }
    return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port;
  }
}
