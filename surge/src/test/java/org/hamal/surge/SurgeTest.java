package org.hamal.surge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SurgeTest {

  @Test
  void checkFailsWhenNoNodeAnswers() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int exit =
        new CommandLine(new Surge()).execute("check", "--target", "http://127.0.0.1:" + port);
    assertThat(exit).isEqualTo(1);
  }
}
