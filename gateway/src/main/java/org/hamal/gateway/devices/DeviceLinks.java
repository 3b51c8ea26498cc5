package org.hamal.gateway.devices;

import io.nayuki.qrcodegen.DataTooLongException;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hamal.cluster.devices.DeviceLink;
import org.hamal.cluster.tokens.RevokedTokens;
import org.hamal.cluster.devices.DeviceLinkRepository;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.auth.Tokens;

/**
 * Sign-in links for shared tablets: a patroller token with an id ({@code jti}), recorded in the
 * store so that a supervisor can list it and revoke it before it expires.
 */
public final class DeviceLinks {

  /** Where the field app takes the token from: the fragment, which never reaches a server log. */
  private static final String SIGN_IN_PATH = "/field/#signin=";

  /** A link just issued: the token is shown once, in the answer, and never stored. */
  public record Issued(DeviceLink link, String token, String url, String qrSvg) {}

  private final Tokens tokens;
  private final DeviceLinkRepository repository;
  private final RevokedTokens revoked;

  public DeviceLinks(Tokens tokens, DeviceLinkRepository repository, RevokedTokens revoked) {
    this.tokens = tokens;
    this.repository = repository;
    this.revoked = revoked;
  }

  /** The URL a tablet opens to sign in with {@code token}. */
  public static String signInUrl(String base, String token) {
    return base.replaceAll("/+$", "") + SIGN_IN_PATH + token;
  }

  /** A link's URL holds more than a QR code can: nothing was recorded. */
  public static final class TooLongForQrCode extends RuntimeException {
    public TooLongForQrCode(int length) {
      super("the sign-in link (" + length + " characters) is too long for a QR code: fewer districts, or a shorter subject");
    }
  }

  /**
   * Mints the token, draws its QR code, then records the link: a link that cannot be drawn fails
   * with {@link TooLongForQrCode} before anything is recorded.
   */
  public Future<Issued> issue(String subject, List<String> districts, Duration ttl, String issuedBy, String base) {
    String jti = UUID.randomUUID().toString();
    Tokens.Minted minted = tokens.mintRevocable(subject, List.of(Role.PATROLLER), districts, ttl, jti);
    String url = signInUrl(base, minted.token());
    String qrSvg;
    try {
      qrSvg = QrCodes.svg(url);
    } catch (DataTooLongException e) {
      return Future.failedFuture(new TooLongForQrCode(url.length()));
    }
    DeviceLink link = new DeviceLink(jti, subject, districts, issuedBy, minted.issuedAt(), minted.expiresAt(), null);
    return repository.record(link).map(v -> new Issued(link, minted.token(), url, qrSvg));
  }

  /** The revoked tokens this node refuses. */
  public RevokedTokens revoked() {
    return revoked;
  }

  /** The links not yet expired, revoked ones included; the newest first. */
  public Future<List<DeviceLink>> active() {
    return repository.active(Instant.now());
  }

  /**
   * Revokes a link: recorded in the store first (so it survives a restart), then refused on this
   * node at once and on the others as soon as the cluster tells them. Empty when there is no such
   * link, or it has expired.
   */
  public Future<Optional<DeviceLink>> revoke(String jti) {
    return repository.revoke(jti, Instant.now())
        .compose(found -> revoked.announce(found, DeviceLink::jti, DeviceLink::expiresAt));
  }
}
