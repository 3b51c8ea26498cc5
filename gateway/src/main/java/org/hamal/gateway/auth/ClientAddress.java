package org.hamal.gateway.auth;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.hamal.gateway.config.AddressBlock;
import org.hamal.gateway.config.HttpConfig;

/**
 * Who a request comes from, for the per-address limit and the access and audit logs: the socket's
 * peer, unless that peer is one of {@code http.trustedProxies}; then the address those proxies
 * appended to {@code http.forwardedHeader}, read from the right, past every trusted proxy, to the
 * first address that is not one. Whatever a client put in the header itself lies left of that and
 * is never read; a header from an untrusted peer is never read at all. A value that is no address
 * ({@code unknown}, an obfuscated RFC 7239 name, garbage) gives the peer: a proxy's fault never
 * fails a request. Vert.x's own {@code Router.allowForward} is not used: it believes the header
 * from any peer and takes its leftmost, client-written, entry.
 *
 * <p>{@code /metrics}' loopback check does not use this: there only the socket counts.
 */
public final class ClientAddress {

  /** Where the resolved address is kept in the routing context (absent when no proxy is trusted). */
  private static final String KEY = "hamal.clientAddress";

  private final List<AddressBlock> trusted;
  private final String header;

  public ClientAddress(HttpConfig http) {
    this.trusted = http.trustedProxyBlocks();
    this.header = http.forwardedHeader();
  }

  /** Whether any proxy is trusted (without one, the peer is the client and nothing need be resolved). */
  public boolean trustsAnyProxy() {
    return !trusted.isEmpty();
  }

  /** A router's handler: resolves the client once per request, for {@link #of(RoutingContext)}. */
  public void resolve(RoutingContext ctx) {
    ctx.put(KEY, of(ctx.request()));
    ctx.next();
  }

  /** The request's client as {@link #resolve} found it, else the socket's peer. */
  public static String of(RoutingContext ctx) {
    String resolved = ctx.get(KEY);
    return resolved != null ? resolved : peer(ctx.request());
  }

  /** The socket's own peer: what a check no header may open ({@code /metrics}) uses. */
  public static String peer(HttpServerRequest request) {
    SocketAddress peer = request.connection().remoteAddress();
    return peer == null ? null : peer.hostAddress();
  }

  String of(HttpServerRequest request) {
    return of(peer(request), request.headers().getAll(header));
  }

  /**
   * The client of a request from {@code peer} carrying these values of the forwarded header (in
   * their order: several header lines are one comma-separated list).
   */
  String of(String peer, List<String> values) {
    if (trusted.isEmpty() || values.isEmpty() || !isTrusted(AddressBlock.bytes(peer))) {
      return peer;
    }
    String chain = String.join(",", values);
    byte[] furthest = null;
    int end = chain.length();
    while (end >= 0) {
      int comma = chain.lastIndexOf(',', end - 1);
      byte[] hop = AddressBlock.bytes(hostOf(chain.substring(comma + 1, end)));
      if (hop == null) {
        return peer;
      }
      if (!isTrusted(hop)) {
        return AddressBlock.hostAddress(hop);
      }
      furthest = hop;
      end = comma;
    }
    // Every hop a trusted proxy (a check from inside): the first of them is where it began.
    return AddressBlock.hostAddress(furthest);
  }

  private boolean isTrusted(byte[] address) {
    for (AddressBlock block : trusted) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** One hop's address, without its port or brackets; null when the hop names no address. */
  private String hostOf(String hop) {
    String value = header.equals(HttpConfig.FORWARDED) ? forwardedFor(hop) : hop.strip();
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      return close < 0 ? null : value.substring(1, close); // [2001:db8::1]:4711
    }
    int colon = value.indexOf(':');
    if (colon > 0 && colon == value.lastIndexOf(':')) {
      return value.substring(0, colon); // 192.0.2.60:4711
    }
    return value;
  }

  /** The {@code for} parameter of one RFC 7239 element ({@code for=192.0.2.60;proto=https}), unquoted. */
  private static String forwardedFor(String element) {
    for (String pair : element.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("for")) {
        String value = pair.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }
}
