package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code token --link}: the same lifetime bounds as the links the /devices/ page issues. */
class TokenCommandTest {

  @TempDir Path data;

  @Test
  void aTerminalLinkLivesWithinTheDevicesBounds() throws Exception {
    Path config = Files.writeString(data.resolve("hamal.yaml"), "dataDir: " + data + "\n");
    StringWriter err = new StringWriter();
    CommandLine tooLong = new CommandLine(new Main()).setErr(new PrintWriter(err));
    assertThat(tooLong.execute("--config", config.toString(), "token", "--role", "patroller", "--district", "shimshon",
        "--ttl", "8d", "--link")).isEqualTo(2);
    assertThat(err.toString()).contains("--link needs a --ttl between 5m and 168h");

    assertThat(new CommandLine(new Main()).execute("--config", config.toString(), "token", "--role", "patroller",
        "--district", "shimshon", "--ttl", "12h", "--link")).isZero();
  }

  @Test
  void theAlertsRelayGetsATokenOfItsOwnRole() throws Exception {
    Path config = Files.writeString(data.resolve("hamal.yaml"), "dataDir: " + data + "\n");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream before = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(new CommandLine(new Main()).execute("--config", config.toString(), "token", "--role", "alerts",
          "--subject", "oref-relay")).isZero();
    } finally {
      System.setOut(before);
    }
    // The token is the last line; the log may write to the same stream before it.
    String[] lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).trim().split("\n");
    String[] jwt = lines[lines.length - 1].trim().split("\\.");
    io.vertx.core.json.JsonObject claims = new io.vertx.core.json.JsonObject(
        new String(java.util.Base64.getUrlDecoder().decode(jwt[1]), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(claims.getString("sub")).isEqualTo("oref-relay");
    assertThat(claims.getJsonArray("roles")).containsExactly("alerts");
  }
}
