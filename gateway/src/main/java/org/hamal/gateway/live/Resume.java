package org.hamal.gateway.live;

import io.vertx.core.json.JsonObject;
import org.hamal.gateway.http.ApiError;

/**
 * Where a reconnecting client left off: the epoch of the cluster's change log, the last sequence
 * it had and that entry's tag, given as {@code {"epoch": "...", "seq": 41, "tag": "k3x9..."}} or
 * as the token {@code "epoch:41:k3x9..."} from a {@code subscribed} or {@code heartbeat} message.
 * The tag is optional (clients of protocol 1 before it resume by sequence alone); with it, a
 * position that exists in no surviving copy of the log is told apart from one that does.
 */
record Resume(String epoch, long seq, String tag) {

  static String token(String epoch, long seq, String tag) {
    return tag == null ? epoch + ":" + seq : epoch + ":" + seq + ":" + tag;
  }

  /** The position before the log's first entry: what a client of an empty log holds. */
  static final long BEFORE_FIRST = -1;

  /** Null when the client does not resume. */
  static Resume parse(Object value) {
    Resume resume = parseAny(value);
    if (resume != null && resume.seq() < BEFORE_FIRST) {
      throw ApiError.invalid("out_of_range", "resume's seq is a position in the log: " + BEFORE_FIRST + " or more", "resume");
    }
    return resume;
  }

  private static Resume parseAny(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject json)) {
      throw ApiError.invalid("invalid_type", "resume must be an object", "resume");
    }
    try {
      String token = json.getString("token");
      if (token != null) {
        // The epoch is a UUID: no colons in it.
        String[] parts = token.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
          throw new NumberFormatException(token);
        }
        return new Resume(parts[0], Long.parseLong(parts[1]), parts.length == 3 ? emptyAsNull(parts[2]) : null);
      }
      String epoch = json.getString("epoch");
      Number seq = json.getNumber("seq");
      if (epoch == null || seq == null) {
        throw ApiError.invalid("missing_field", "resume needs a token, or an epoch and a seq", "resume");
      }
      return new Resume(epoch, seq.longValue(), emptyAsNull(json.getString("tag")));
    } catch (ClassCastException | NumberFormatException e) {
      throw ApiError.invalid("invalid_type", "resume token is epoch:seq or epoch:seq:tag", "resume");
    }
  }

  private static String emptyAsNull(String tag) {
    return tag == null || tag.isEmpty() ? null : tag;
  }
}
