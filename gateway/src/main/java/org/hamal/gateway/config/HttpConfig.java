package org.hamal.gateway.config;

import java.util.List;
import java.util.Locale;

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
 * @param trustedProxies the reverse proxies and load balancers in front of the node, as addresses
 *     or CIDR blocks: a request whose socket comes from one of them is counted and logged as the
 *     client {@code forwardedHeader} names (docs/security.md, "Behind a proxy"); empty, the
 *     header is never read
 * @param forwardedHeader the header those proxies append the client's address to:
 *     {@code X-Forwarded-For} or {@code Forwarded} (RFC 7239); only that one is read
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
    int headerTimeoutSeconds,
    List<String> trustedProxies,
    String forwardedHeader) {

  public static final String X_FORWARDED_FOR = "X-Forwarded-For";
  public static final String FORWARDED = "Forwarded";

  public HttpConfig {
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    proxyBlocks(trustedProxies);
    forwardedHeader = forwardedHeaderNamed(forwardedHeader);
  }

  /** The trusted proxies, parsed; an entry that is no address or block is a configuration error. */
  public List<AddressBlock> trustedProxyBlocks() {
    return proxyBlocks(trustedProxies);
  }

  private static List<AddressBlock> proxyBlocks(List<String> entries) {
    try {
      return entries.stream().map(AddressBlock::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("http.trustedProxies: " + e.getMessage(), e);
    }
  }

  private static String forwardedHeaderNamed(String name) {
    String given = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (given.equals(X_FORWARDED_FOR.toLowerCase(Locale.ROOT))) {
      return X_FORWARDED_FOR;
    }
    if (given.equals(FORWARDED.toLowerCase(Locale.ROOT))) {
      return FORWARDED;
    }
    throw new IllegalArgumentException("http.forwardedHeader must be X-Forwarded-For or Forwarded, not " + name);
  }

  /** The address people open: {@code publicUrl} without a trailing slash, else this node's own. */
  public String baseUrl() {
    if (publicUrl != null && !publicUrl.isBlank()) {
      return publicUrl.replaceAll("/+$", "");
    }
    return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port;
  }
}
