package org.hamal.gateway.open311;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.hamal.gateway.http.ApiError;

/**
 * Reads a {@code POST requests} body as GeoReport clients send it: a form, URL-encoded or
 * multipart with the photo in a {@code media} part. Kept in memory, bounded: the fields by the
 * server's form limits, the photo by {@code media.maxBytes}. Runs before anything else on its
 * route, so that the body handlers are set before the body arrives.
 */
final class FormBody {

  /** Where the read form is kept for the handler. */
  private static final String KEY = "hamal.open311.form";
  static final String MEDIA = "media";

  /**
   * @param fields the form's fields (and the query's: some clients put {@code api_key} there)
   * @param media the photo's bytes, or null
   */
  record Form(MultiMap fields, byte[] media) {
    String get(String name) {
      String value = fields.get(name);
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  private final long maxMediaBytes;
  private final long maxBodyBytes;

  FormBody(long maxMediaBytes, long maxFieldBytes) {
    this.maxMediaBytes = maxMediaBytes;
    this.maxBodyBytes = maxMediaBytes + maxFieldBytes;
  }

  static Form of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  void read(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String type = String.valueOf(request.getHeader("Content-Type")).toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
      throw Open311Errors.badRequest(
          "send the request as application/x-www-form-urlencoded or multipart/form-data", "Content-Type");
    }
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > maxBodyBytes) {
      throw new ApiError(413, "payload_too_large", "the request is larger than " + maxBodyBytes + " bytes", null);
    }
    Buffer media = Buffer.buffer();
    boolean[] tooLarge = {false};
    request.setExpectMultipart(true);
    request.uploadHandler(upload -> {
      boolean isMedia = MEDIA.equals(upload.name());
      upload.handler(chunk -> {
        if (isMedia && !tooLarge[0]) {
          tooLarge[0] = media.length() + chunk.length() > maxMediaBytes;
          if (!tooLarge[0]) {
            media.appendBuffer(chunk);
          }
        }
      });
    });
    request.end()
        .onSuccess(v -> {
          if (tooLarge[0]) {
            ctx.fail(new ApiError(413, "payload_too_large", "media is larger than " + maxMediaBytes + " bytes", MEDIA));
            return;
          }
          MultiMap fields = MultiMap.caseInsensitiveMultiMap().addAll(request.formAttributes());
          request.params().forEach(e -> {
            if (!fields.contains(e.getKey())) {
              fields.add(e.getKey(), e.getValue());
            }
          });
          ctx.put(KEY, new Form(fields, media.length() == 0 ? null : media.getBytes()));
          ctx.next();
        })
        // The form decoder fails on a field over the server's limit (http.bodyLimitBytes); a
        // connection that broke off gets no answer anyway.
        .onFailure(err -> ctx.fail(new ApiError(413, "payload_too_large",
            "the form is malformed, or a field is larger than " + (maxBodyBytes - maxMediaBytes) + " bytes", null)));
    request.resume();
  }
}
