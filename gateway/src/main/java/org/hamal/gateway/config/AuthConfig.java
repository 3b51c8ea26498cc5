package org.hamal.gateway.config;

/**
 * Authentication.
 *
 * @param adminToken an opaque bearer token with the admin role; null means one is generated at
 *     first start and kept in the data directory
 * @param jwtSecret HS256 key that signs and checks tokens; null means one is generated at first
 *     start and kept in the data directory. Every node of a cluster needs the same key.
 * @param issuer the {@code iss} claim of minted tokens, checked on every request
 * @param defaultTokenTtlHours lifetime of minted tokens unless the minting command says otherwise
 */
public record AuthConfig(
    String adminToken, String jwtSecret, String issuer, long defaultTokenTtlHours) {}
