package org.hamal.gateway;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hamal.gateway.auth.Lifetimes;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.auth.Secrets;
import org.hamal.gateway.auth.Tokens;
import org.hamal.gateway.config.HamalConfig;
import org.hamal.gateway.devices.DeviceLinks;
import org.hamal.gateway.devices.QrCodes;
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
      description = "admin, supervisor, operator, display, patroller, intake or alerts (repeatable)")
  List<String> roles = new ArrayList<>();

  @Option(names = "--district", description = "a district a patroller covers (repeatable)")
  List<String> districts = new ArrayList<>();

  @Option(names = "--subject", description = "who or what holds the token (default: the role)")
  String subject;

  @Option(names = "--ttl", description = "lifetime, e.g. 12h or 30d (default: auth.defaultTokenTtlHours)")
  String ttl;

  @Option(names = "--link", description = "with --role patroller: print the tablet's sign-in URL (http.publicUrl) and its QR code")
  boolean link;

  @Override
  public Integer call() throws Exception {
    HamalConfig config = main.loadConfig();
    Set<Role> parsed = EnumSet.noneOf(Role.class);
    for (String r : roles) {
      parsed.add(
          Role.fromWire(r)
              .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown role: " + r)));
    }
    if (link && !parsed.equals(EnumSet.of(Role.PATROLLER))) {
      throw new ParameterException(spec.commandLine(), "--link is for a patroller token: --role patroller alone");
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
      Duration lifetime = lifetime(config);
      if (link && !config.devices().allows(lifetime)) {
        // The same bounds as the /devices/ page: this link cannot even be revoked.
        throw new ParameterException(spec.commandLine(), "--link needs a --ttl between " + config.devices().minTtlMinutes()
            + "m and " + config.devices().maxTtlHours() + "h (devices.minTtlMinutes, devices.maxTtlHours)");
      }
      String token = tokens.mint(who, parsed, districts, lifetime);
      if (link) {
        printLink(config, token);
      } else {
        System.out.println(token);
      }
    } finally {
      vertx.close().await();
    }
    return 0;
  }

  private Duration lifetime(HamalConfig config) {
    if (ttl == null) {
      return Duration.ofHours(config.auth().defaultTokenTtlHours());
    }
    try {
      return Lifetimes.parse(ttl);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--ttl must look like 90m, 12h or 30d");
    }
  }

  /**
   * The sign-in link of a patroller token and its QR code, for a tablet's camera. Not recorded in
   * the store (this command does not reach it), so not listed: the page at /devices/ issues links
   * that are. Like every token, it can be revoked by the token itself.
   */
  private static void printLink(HamalConfig config, String token) {
    String url = DeviceLinks.signInUrl(config.http().baseUrl(), token);
    System.out.println(url);
    System.out.println();
    System.out.print(QrCodes.terminal(url));
    System.out.println();
    System.out.println("Not recorded, so not listed: the /devices/ page issues links that are."
        + " Revoke it with POST /api/v1/tokens/revoke {\"token\": …}.");
  }
}
