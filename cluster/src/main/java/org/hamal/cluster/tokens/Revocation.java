package org.hamal.cluster.tokens;

import java.time.Instant;

/**
 * A token refused before it expires.
 *
 * @param expiresAt when the token would have expired anyway: the revocation is kept until then
 * @param revokedBy the subject of whoever revoked it
 * @param reason why, as the revoker wrote it, or null
 */
public record Revocation(String jti, Instant expiresAt, Instant revokedAt, String revokedBy, String reason) {}
