package org.hamal.gateway.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, as established from the bearer token.
 *
 * @param subject the token's {@code sub}: a person, a screen, or a system
 * @param roles what the token may do
 * @param districts the districts a patroller token is confined to
 * @param expiresAt when the token stops being valid, or null for the admin token (never)
 * @param tokenId the token's {@code jti}, which names it for revocation; null for the admin token
 *     and for tokens minted before every token had one
 * @param limits what an API key's token may file ({@link KeyLimits#NONE} for other tokens)
 */
public record Caller(
    String subject, Set<Role> roles, Set<String> districts, Instant expiresAt, String tokenId, KeyLimits limits) {

  static final String CONTEXT_KEY = "hamal.caller";

  /** Roles that see every district. */
  private static final Set<Role> CITY_WIDE =
      EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.DISPLAY, Role.INTAKE);

  public Caller {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    districts = Set.copyOf(districts);
    limits = limits == null ? KeyLimits.NONE : limits;
  }

  /** A caller whose token does not expire. */
  public Caller(String subject, Set<Role> roles, Set<String> districts) {
    this(subject, roles, districts, null, null, KeyLimits.NONE);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** True when the caller may only see the districts in {@link #districts()}. */
  public boolean isConfinedToDistricts() {
    return roles.stream().noneMatch(CITY_WIDE::contains);
  }

  /** True when {@code district} is within the caller's reach. */
  public boolean reaches(String district) {
    return !isConfinedToDistricts() || districts.contains(district);
  }

  /** A token that drives a display never receives reporters' names or phone numbers. */
  public boolean seesPersonalData() {
    return !roles.isEmpty() && !roles.contains(Role.DISPLAY);
  }

  /** The caller of an authenticated request. */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(CONTEXT_KEY);
    if (caller == null) {
      throw new IllegalStateException("route is not behind authentication");
    }
    return caller;
  }

  /** A claim's element, which must be a string: a token that says otherwise is not valid (401). */
  private static String text(Object element, String claim) {
    if (element instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("the " + claim + " claim holds a non-string");
  }

  /**
   * Names the caller of a request whose credential came elsewhere than the header (Open311's
   * {@code api_key}): its access line then names it as any other's.
   */
  public static void attach(RoutingContext ctx, Caller caller) {
    ctx.put(CONTEXT_KEY, caller);
  }

  /** The caller of a request, or null before (or without) authentication. */
  public static Caller ofOrNull(RoutingContext ctx) {
    return ctx.get(CONTEXT_KEY);
  }

  static Caller fromUser(User user) {
    JsonObject claims = user.principal();
    for (String claim : List.of("sub", "jti")) {
      if (claims.getValue(claim) != null) {
        text(claims.getValue(claim), claim);
      }
    }
    for (String claim : List.of("exp", "nbf", "iat")) {
      if (claims.getValue(claim) != null && !(claims.getValue(claim) instanceof Number)) {
        throw new IllegalArgumentException("the " + claim + " claim is not a number");
      }
    }
    JsonArray roleClaim = user.principal().getJsonArray("roles", new JsonArray());
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object r : roleClaim) {
      Role.fromWire(text(r, "roles")).ifPresent(roles::add);
    }
    JsonArray districtClaim = user.principal().getJsonArray("districts", new JsonArray());
    Set<String> districts =
        Set.copyOf(districtClaim.stream().map(d -> text(d, "districts")).toList());
    String subject = user.subject() != null ? user.subject() : user.principal().getString("sub");
    // Where the JWT provider keeps the claim (its attributes or the principal): User.get looks in both.
    Object exp = user.containsKey("exp") ? user.get("exp") : null;
    Instant expiresAt = exp instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    return new Caller(subject, roles, districts, expiresAt, user.principal().getString("jti"),
        KeyLimits.fromClaims(user.principal()));
  }
}
