package org.hamal.cluster.devices;

import java.time.Instant;
import java.util.List;

/**
 * A sign-in link issued for a shared tablet: the patroller token it carries, named by its
 * {@code jti}.
 *
 * @param issuedBy the subject of the supervisor or admin who issued it
 * @param revokedAt when it was revoked, or null
 */
public record DeviceLink(
    String jti, String subject, List<String> districts, String issuedBy, Instant issuedAt, Instant expiresAt,
    Instant revokedAt) {

  public DeviceLink {
    districts = List.copyOf(districts);
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
