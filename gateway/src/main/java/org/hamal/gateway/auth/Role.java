package org.hamal.gateway.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token may do. The wire form (JWT {@code roles} claim) is the lower-case name. */
public enum Role {
  /** Everything, including minting and configuration. */
  ADMIN,
  /** Runs the operations room: all districts, mode changes. */
  SUPERVISOR,
  /** Call-takers and ops-room operators: all districts. */
  OPERATOR,
  /** Big screens in rooms visitors walk through: read-only, never personal data. */
  DISPLAY,
  /** A field patroller: confined to the districts named in the token. */
  PATROLLER,
  /** The city's intake systems (SMS, chat, Open311 gateways, telephony). */
  INTAKE,
  /** The integration that relays the national rocket-alert feed (docs/alerts.md). */
  ALERTS;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWire(String value) {
    for (Role r : values()) {
      if (r.wire().equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
