package org.hamal.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets kept in the data directory when configuration does not supply them: the token-signing
 * key and the admin token. Created once, readable by the owner only, shared by every node that
 * uses the same data directory.
 */
public final class Secrets {

  public static final String JWT_SECRET_FILE = "jwt-secret";
  public static final String ADMIN_TOKEN_FILE = "admin-token";
  private static final int SECRET_BYTES = 32;

  private Secrets() {}

  /**
   * The configured value if any; else the one stored in {@code dir/name}; else a new random one,
   * stored there.
   */
  public static Stored configuredOrStored(String configured, Path dir, String name)
      throws IOException {
    if (configured != null && !configured.isBlank()) {
      return new Stored(configured, false);
    }
    Path file = dir.resolve(name);
    if (Files.exists(file)) {
      return new Stored(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
    }
    Files.createDirectories(dir);
    byte[] bytes = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    // Written whole under another name, then linked into place: a node starting beside this one
    // sees no file or the whole secret, never an empty one.
    Path draft = Files.createTempFile(dir, name, ".new");
    try {
      restrictToOwner(draft);
      Files.writeString(draft, value + "\n", StandardCharsets.UTF_8);
      publish(draft, file);
      return new Stored(value, true);
    } catch (FileAlreadyExistsException e) {
      // Another node sharing this data directory created it first: use theirs.
      return new Stored(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
    } finally {
      Files.deleteIfExists(draft);
    }
  }

  /**
   * The configured value if any, else the one stored in {@code dir/name}; empty when neither (a
   * command that only reads a secret must not create one no node uses).
   */
  public static java.util.Optional<String> configuredOrExisting(String configured, Path dir, String name)
      throws IOException {
    if (configured != null && !configured.isBlank()) {
      return java.util.Optional.of(configured);
    }
    Path file = dir.resolve(name);
    return Files.exists(file)
        ? java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
        : java.util.Optional.empty();
  }

  /** Puts the draft in place unless the file exists: a hard link where the file system has them. */
  private static void publish(Path draft, Path file) throws IOException {
    try {
      Files.createLink(file, draft);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No hard links here: a move that refuses to replace an existing file.
      Files.move(draft, file);
    }
  }

  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system; the directory's own permissions must protect it.
    }
  }

  /**
   * @param value the secret
   * @param created true when it was generated just now (so it may be shown once)
   */
  public record Stored(String value, boolean created) {}
}
