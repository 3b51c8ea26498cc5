package org.hamal.cluster.report;

import java.time.Instant;
import java.util.Objects;

/**
 * A photo attached to a report, without its bytes (those are read one at a time).
 *
 * @param id the photo's id: a UUIDv7, or derived from the upload's idempotency key
 * @param reportId the report it belongs to
 * @param contentType the type its content was found to be ({@code image/jpeg}, ...)
 * @param bytes the size of the stored content, after its metadata was removed
 * @param sha256 the stored content's SHA-256, hex
 * @param actor the subject of the token that attached it
 * @param at when it was stored
 */
public record ReportMedia(
    String id, String reportId, String contentType, int bytes, String sha256, String actor, Instant at) {

  public ReportMedia {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(at, "at");
  }

  /**
   * A photo to store.
   *
   * @param media what the stored photo will be
   * @param content its bytes, metadata already removed
   * @param idempotencyKey the caller-scoped key ({@link Submission#scopedKey}), or null
   * @param requestHash a digest of the request (report and bytes as sent): a retry under the same
   *     key carries the same, a key reused for another photo does not
   */
  public record Upload(ReportMedia media, byte[] content, String idempotencyKey, String requestHash) {

    public Upload {
      Objects.requireNonNull(media, "media");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(requestHash, "requestHash");
    }
  }

  /**
   * What the store did with an {@link Upload}.
   *
   * @param media the stored photo (this upload's or an earlier one's), or null when refused
   */
  public record Receipt(ReportMedia media, Outcome outcome) {}

  /** The outcomes of an upload. */
  public enum Outcome {
    /** Stored by this upload. */
    CREATED,
    /** An earlier upload with the same key and the same request stored it; nothing stored now. */
    REPLAYED,
    /** The key was used before for another request; nothing stored. */
    KEY_REUSED,
    /** No such report. */
    NO_REPORT,
    /** The report has as many photos as it may have. */
    FULL
  }
}
