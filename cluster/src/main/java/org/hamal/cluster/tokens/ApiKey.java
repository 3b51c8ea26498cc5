package org.hamal.cluster.tokens;

import java.time.Instant;
import java.util.List;

/**
 * An API key: an {@code intake} token for an integration, named by its {@code jti} (its id). The
 * token itself is never kept.
 *
 * @param channels the channels its reports may name; empty for any
 * @param ratePerMinute at most this many reports a minute, or null for no rate of its own
 * @param createdBy the subject of the admin who created it
 * @param revokedAt when it was revoked, or null
 * @param revokedBy who revoked it, or null
 */
public record ApiKey(
    String jti, String name, List<String> channels, Integer ratePerMinute, String createdBy, Instant createdAt,
    Instant expiresAt, Instant revokedAt, String revokedBy) {

  /** The subject of a key's token: what a report's history names. */
  public static final String SUBJECT_PREFIX = "key:";

  public ApiKey {
    channels = List.copyOf(channels);
  }

  public String subject() {
    return SUBJECT_PREFIX + name;
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
