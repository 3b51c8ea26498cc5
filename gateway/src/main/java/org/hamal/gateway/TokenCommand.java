package org.hamal.gateway;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.auth.Secrets;
import org.hamal.gateway.auth.Tokens;
import org.hamal.gateway.config.HamalConfig;
import org.hamal.geo.LayerLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Mints a bearer token signed with the cluster's key, and prints it. */
@Command(
    name = "token",
    description = "Mint a bearer token with the node's signing key.",
    mixinStandardHelpOptions = true)
final class TokenCommand implements Callable<Integer> {

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(
      names = "--role",
      required = true,
      description = "admin, supervisor, operator, display, patroller or intake (repeatable)")
  List<String> roles = new ArrayList<>();

  @Option(names = "--district", description = "a district a patroller covers (repeatable)")
  List<String> districts = new ArrayList<>();

  @Option(names = "--subject", description = "who or what holds the token (default: the role)")
  String subject;

  @Option(names = "--ttl", description = "lifetime, e.g. 12h or 30d (default: auth.defaultTokenTtlHours)")
  String ttl;

  @Override
  public Integer call() throws Exception {
    HamalConfig config = main.loadConfig();
    Set<Role> parsed = EnumSet.noneOf(Role.class);
    for (String r : roles) {
      parsed.add(
          Role.fromWire(r)
              .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown role: " + r)));
    }
    if (parsed.contains(Role.PATROLLER) && districts.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "a patroller token needs --district");
    }
    var layer = new LayerLoader(config.layer().options()).load(config.layer().file());
    for (String d : districts) {
      if (layer.district(d).isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "unknown district: " + d + " (known: "
                + String.join(", ", layer.districts().stream().map(x -> x.id()).toList()) + ")");
      }
    }
    String secret =
        Secrets.configuredOrStored(
                config.auth().jwtSecret(), config.dataPath(), Secrets.JWT_SECRET_FILE)
            .value();
    Vertx vertx = Vertx.vertx();
    try {
      Tokens tokens = new Tokens(vertx, secret, config.auth().issuer());
      String who = subject != null ? subject : String.join("+", roles);
      System.out.println(tokens.mint(who, parsed, districts, lifetime(config)));
    } finally {
      vertx.close().await();
    }
    return 0;
  }

  private Duration lifetime(HamalConfig config) {
    if (ttl == null) {
      return Duration.ofHours(config.auth().defaultTokenTtlHours());
    }
    String t = ttl.trim().toLowerCase();
    try {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new ParameterException(spec.commandLine(), "--ttl must look like 90m, 12h or 30d");
    }
  }
}
