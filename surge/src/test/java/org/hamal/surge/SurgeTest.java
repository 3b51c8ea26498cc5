package org.hamal.surge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SurgeTest {

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private record Outcome(int exit, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new Surge());
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit = cli.execute(args);
    return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void checkFailsWhenNoNodeAnswers() throws IOException {
    int port = freePort();
    int exit = new CommandLine(new Surge()).execute("check", "--target", "http://127.0.0.1:" + port);
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void refusesTargetsOffLoopbackUnlessAllowed() {
    // A private address (never contacted: the refusal comes before any traffic).
    Outcome o = run("run", "routine-day", "--target", "http://10.20.30.40:8080", "--token", "t");
    assertThat(o.exit).isEqualTo(Surge.EXIT_USAGE);
    assertThat(o.err).contains("not a loopback address", "--allow-remote");
  }

  @Test
  void explainsAMissingTokenAndAnUnknownScenario() throws IOException {
    String target = "http://127.0.0.1:" + freePort();
    Outcome noToken = run("run", "routine-day", "--target", target);
    assertThat(noToken.exit).isEqualTo(Surge.EXIT_USAGE);
    assertThat(noToken.err).contains("a token is needed");

    Outcome unknown = run("run", "earthquake", "--target", target, "--token", "t");
    assertThat(unknown.exit).isEqualTo(Surge.EXIT_USAGE);
    assertThat(unknown.err).contains("routine-day, rocket-barrage, storm, ramp, custom");
  }

  @Test
  void aRunAgainstNoNodeFailsClearly() throws IOException {
    int port = freePort();
    int exit =
        new CommandLine(new Surge())
            .execute("run", "routine-day", "--target", "http://127.0.0.1:" + port, "--token", "t",
                "--duration", "1s", "--no-progress");
    assertThat(exit).isEqualTo(1);
  }
}
