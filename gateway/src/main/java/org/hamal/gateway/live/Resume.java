package org.hamal.gateway.live;

import io.vertx.core.json.JsonObject;
import org.hamal.gateway.http.ApiError;

/**
 * Where a reconnecting client left off: the epoch of the cluster's change log and the last
 * sequence it had, given as {@code {"epoch": "...", "seq": 41}} or as the token {@code "epoch:41"}
 * from a {@code subscribed} or {@code heartbeat} message.
 */
record Resume(String epoch, long seq) {

  static String token(String epoch, long seq) {
    return epoch + ":" + seq;
  }

  /** Null when the client does not resume. */
  static Resume parse(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject json)) {
      throw ApiError.invalid("invalid_type", "resume must be an object", "resume");
    }
    try {
      String token = json.getString("token");
      if (token != null) {
        int colon = token.lastIndexOf(':');
        return new Resume(token.substring(0, colon), Long.parseLong(token.substring(colon + 1)));
      }
      String epoch = json.getString("epoch");
      Number seq = json.getNumber("seq");
      if (epoch == null || seq == null) {
        throw ApiError.invalid("missing_field", "resume needs a token, or an epoch and a seq", "resume");
      }
      return new Resume(epoch, seq.longValue());
    } catch (ClassCastException | NumberFormatException | StringIndexOutOfBoundsException e) {
      throw ApiError.invalid("invalid_type", "resume token is epoch:seq", "resume");
    }
  }
}
