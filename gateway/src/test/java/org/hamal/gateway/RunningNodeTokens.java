package org.hamal.gateway;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.auth.Tokens;

/** Tokens a node must refuse. */
final class RunningNodeTokens {

  private RunningNodeTokens() {}

  /** A well-formed admin JWT signed with a key no node has. */
  static String signedWithAnotherKey() {
    Vertx vertx = Vertx.vertx();
    try {
      return new Tokens(vertx, "some-other-cluster-key-0123456789", "hamal")
          .mint("intruder", List.of(Role.ADMIN), List.of(), Duration.ofHours(1));
    } finally {
      vertx.close().await();
    }
  }
}
