package org.hamal.surge;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which nodes a command talks to, and with what token: shared by {@code run}, {@code fanout} and {@code alert-latency}. */
final class NodeOptions {

  @Option(names = "--target", split = ",", defaultValue = "http://127.0.0.1:8080",
      description = "node base URLs, comma-separated; load is spread over them (default: ${DEFAULT-VALUE})")
  List<URI> targets;

  @Option(names = "--allow-remote", description = "allow targets that are not loopback addresses")
  boolean allowRemote;

  @Option(names = "--token", description = "bearer token for intake and read-back (or --token-file, or $SURGE_TOKEN)")
  String token;

  @Option(names = "--token-file", description = "file holding the token, e.g. data/admin-token")
  Path tokenFile;

  /** The targets, refused unless they are http(s) URLs on loopback (or --allow-remote). */
  List<URI> targets(CommandSpec spec) {
    for (URI t : targets) {
      if (t.getHost() == null || !("http".equals(t.getScheme()) || "https".equals(t.getScheme()))) {
        throw new ParameterException(spec.commandLine(), "not an http(s) base URL: " + t);
      }
      if (allowRemote) {
        continue;
      }
      try {
        for (InetAddress a : InetAddress.getAllByName(t.getHost())) {
          if (!a.isLoopbackAddress()) {
            throw new ParameterException(spec.commandLine(),
                t + " is not a loopback address (" + a.getHostAddress() + "); load goes to loopback "
                    + "only unless --allow-remote is given");
          }
        }
      } catch (UnknownHostException e) {
        throw new ParameterException(spec.commandLine(), "unknown host in " + t);
      }
    }
    return List.copyOf(targets);
  }

  /** The one target of a benchmark measured on one node ({@code what}: what is measured). */
  URI oneTarget(CommandSpec spec, String what) {
    List<URI> all = targets(spec);
    if (all.size() != 1) {
      throw new ParameterException(spec.commandLine(), what + " is measured on one node: give one --target");
    }
    return all.get(0);
  }

  /** The bearer token: --token, --token-file or $SURGE_TOKEN. */
  String token(CommandSpec spec) throws java.io.IOException {
    if (token != null) {
      return token.trim();
    }
    if (tokenFile != null) {
      return Files.readString(tokenFile).trim();
    }
    String env = System.getenv("SURGE_TOKEN");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    throw new ParameterException(spec.commandLine(), "a token is needed: --token, --token-file or $SURGE_TOKEN");
  }
}
