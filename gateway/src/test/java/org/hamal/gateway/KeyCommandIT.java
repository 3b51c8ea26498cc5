package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code key create|list|revoke}: the CLI asks a running node, with the admin token of its data directory. */
class KeyCommandIT {

  @RegisterExtension
  static final RunningNode node = RunningNode.extension();

  @TempDir Path dir;

  @Test
  void theCommandCreatesListsAndRevokesKeysOnARunningNode() throws Exception {
    Path config = Files.writeString(dir.resolve("hamal.yaml"), "dataDir: " + node.node().config().dataPath() + "\n");
    String url = "http://127.0.0.1:" + node.port();

    List<String> created = run(0, "--config", config.toString(), "key", "--url", url, "create",
        "--name", "sms-gateway", "--channel", "sms", "--rate", "30");
    String id = created.get(0).replace("id:", "").strip();
    String token = created.get(created.size() - 1);
    assertThat(created.get(1)).endsWith("key:sms-gateway");
    assertThat(node.post("/api/v1/reports", token,
        "{\"category\":\"hazard\",\"location\":{\"lon\":34.5712,\"lat\":31.6688},\"channel\":\"sms\"}").statusCode())
        .isEqualTo(201);

    assertThat(run(0, "--config", config.toString(), "key", "--url", url, "list"))
        .anySatisfy(line -> assertThat(line).startsWith(id).contains("sms-gateway", "sms", "30/min", "active"));

    assertThat(run(0, "--config", config.toString(), "key", "--url", url, "revoke", id)).containsExactly("revoked " + id);
    assertThat(node.get("/api/v1/reports", token).statusCode()).isEqualTo(401);
    assertThat(run(0, "--config", config.toString(), "key", "--url", url, "list"))
        .anySatisfy(line -> assertThat(line).startsWith(id).contains("revoked"));
    assertThat(run(1, "--config", config.toString(), "key", "--url", url, "revoke", "no-such-key")).isEmpty();
  }

  /** Runs the command, expecting its exit code; its standard output, line by line. */
  private static List<String> run(int exit, String... args) {
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(new CommandLine(new Main()).execute(args)).isEqualTo(exit);
    } finally {
      System.setOut(before);
    }
    String printed = out.toString(StandardCharsets.UTF_8).strip();
    return printed.isEmpty() ? List.of() : List.of(printed.split("\n"));
  }
}
