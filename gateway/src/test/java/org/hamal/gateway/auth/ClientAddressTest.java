package org.hamal.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hamal.gateway.config.HttpConfig;
import org.junit.jupiter.api.Test;

/** Who a request comes from behind trusted proxies (docs/security.md, "Behind a proxy"). */
class ClientAddressTest {

  private static final String PROXY = "10.0.0.5";
  private static final String RESIDENT = "203.0.113.7";

  private static ClientAddress readingHeader(String header, String... proxies) {
    return new ClientAddress(new HttpConfig("127.0.0.1", 0, 1, 65536, 65536, null, 100, 60, 10, List.of(proxies), header));
  }

  private static ClientAddress trusting(String... proxies) {
    return readingHeader(HttpConfig.X_FORWARDED_FOR, proxies);
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsNeverRead() {
    ClientAddress none = trusting();
    assertThat(none.trustsAnyProxy()).isFalse();
    assertThat(none.of(PROXY, List.of(RESIDENT))).isEqualTo(PROXY);
  }

  @Test
  void fromAnUntrustedPeerTheHeaderIsIgnored() {
    // A resident claiming to be someone else (or loopback) is still counted as itself.
    assertThat(trusting(PROXY).of(RESIDENT, List.of("198.51.100.1"))).isEqualTo(RESIDENT);
    assertThat(trusting(PROXY).of(RESIDENT, List.of("127.0.0.1"))).isEqualTo(RESIDENT);
  }

  @Test
  void fromATrustedProxyTheClientItAppendedIsTaken() {
    assertThat(trusting(PROXY).of(PROXY, List.of(RESIDENT))).isEqualTo(RESIDENT);
    assertThat(trusting("10.0.0.0/8").of(PROXY, List.of(" " + RESIDENT + " "))).isEqualTo(RESIDENT);
  }

  @Test
  void whatTheClientWroteLeftOfItsProxysEntryIsNeverRead() {
    // The resident sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the resident's own address.
    assertThat(trusting(PROXY).of(PROXY, List.of("1.2.3.4, " + RESIDENT))).isEqualTo(RESIDENT);
    // Even a forged trusted address to the left: the walk stops at the first untrusted one.
    assertThat(trusting(PROXY).of(PROXY, List.of("10.0.0.5, garbage, " + RESIDENT))).isEqualTo(RESIDENT);
  }

  @Test
  void aChainOfTrustedProxiesIsWalkedFromTheRight() {
    ClientAddress two = trusting("10.0.0.0/8", "192.168.1.1");
    // resident -> 10.1.1.1 (edge) -> 192.168.1.1 (internal) -> 10.0.0.5 (the node's peer)
    assertThat(two.of(PROXY, List.of("1.2.3.4, " + RESIDENT + ", 10.1.1.1, 192.168.1.1"))).isEqualTo(RESIDENT);
    // Several header lines are one list, in order.
    assertThat(two.of(PROXY, List.of("1.2.3.4, " + RESIDENT, "10.1.1.1", "192.168.1.1"))).isEqualTo(RESIDENT);
  }

  @Test
  void whenEveryHopIsTrustedTheFirstIsTheClient() {
    assertThat(trusting("10.0.0.0/8").of(PROXY, List.of("10.9.9.9, 10.1.1.1"))).isEqualTo("10.9.9.9");
  }

  @Test
  void aMalformedOrUnknownHopGivesThePeer() {
    ClientAddress proxy = trusting(PROXY);
    for (String value : List.of("unknown", "", " ", "not-an-address", "203.0.113", "1.2.3.4,", ",",
        "203.0.113.7\u0000", "[2001:db8::1", "example.org", "999.1.1.1", "1.2.3.4:80:90x")) {
      assertThat(proxy.of(PROXY, List.of(value))).as("X-Forwarded-For: %s", value).isEqualTo(PROXY);
    }
    assertThat(proxy.of(PROXY, List.of())).isEqualTo(PROXY);
    assertThat(proxy.of(null, List.of(RESIDENT))).isNull();
  }

  @Test
  void portsAndBracketsAreDroppedAndAddressesNormalised() {
    ClientAddress proxy = trusting(PROXY);
    assertThat(proxy.of(PROXY, List.of("203.0.113.7:4711"))).isEqualTo(RESIDENT);
    assertThat(proxy.of(PROXY, List.of("[2001:db8::17]:4711"))).isEqualTo("2001:db8:0:0:0:0:0:17");
    assertThat(proxy.of(PROXY, List.of("2001:DB8::17"))).isEqualTo("2001:db8:0:0:0:0:0:17");
    // One address, one bucket, however it is written.
    assertThat(proxy.of(PROXY, List.of("::ffff:203.0.113.7"))).isEqualTo(RESIDENT);
  }

  @Test
  void ipv6ProxiesAndBlocks() {
    ClientAddress v6 = trusting("2001:db8:aa::/48", "::1");
    assertThat(v6.of("2001:db8:aa:1:0:0:0:5", List.of(RESIDENT))).isEqualTo(RESIDENT);
    assertThat(v6.of("0:0:0:0:0:0:0:1", List.of("2001:db8:bb::1"))).isEqualTo("2001:db8:bb:0:0:0:0:1");
    assertThat(v6.of("2001:db8:ab:0:0:0:0:5", List.of(RESIDENT))).as("outside the /48").isEqualTo("2001:db8:ab:0:0:0:0:5");
    // An IPv4 proxy seen through a dual-stack socket is still the trusted one.
    assertThat(trusting(PROXY).of("::ffff:10.0.0.5", List.of(RESIDENT))).isEqualTo(RESIDENT);
  }

  @Test
  void theForwardedHeaderIsReadWhenConfigured() {
    ClientAddress rfc7239 = readingHeader(HttpConfig.FORWARDED, PROXY, "10.1.1.1");
    assertThat(rfc7239.of(PROXY, List.of("for=1.2.3.4, For=\"203.0.113.7:80\";proto=https;by=10.0.0.5")))
        .isEqualTo(RESIDENT);
    assertThat(rfc7239.of(PROXY, List.of("for=\"[2001:db8:cafe::17]:4711\", for=10.1.1.1"))).isEqualTo("2001:db8:cafe:0:0:0:0:17");
    // RFC 7239's unknown and obfuscated names, or an element without for=: the peer.
    assertThat(rfc7239.of(PROXY, List.of("for=unknown"))).isEqualTo(PROXY);
    assertThat(rfc7239.of(PROXY, List.of("for=_hidden"))).isEqualTo(PROXY);
    assertThat(rfc7239.of(PROXY, List.of("proto=https;by=10.0.0.5"))).isEqualTo(PROXY);
    // A Forwarded element is no address where X-Forwarded-For is the configured header.
    assertThat(trusting(PROXY).of(PROXY, List.of("for=" + RESIDENT))).isEqualTo(PROXY);
  }
}
