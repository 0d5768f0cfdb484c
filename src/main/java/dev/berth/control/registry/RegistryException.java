package dev.berth.control.registry;

/**
 * A request the registry refuses, with the OCI Distribution error code the client sees
 * ({@code {"errors":[{"code":…,"message":…}]}}) and the HTTP status that goes with it.
 */
public class RegistryException extends RuntimeException {
  private final int status;
  private final String code;
  private final long retryAfterSeconds;

  /** A refusal with {@code status} and the spec's {@code code}. */
  public RegistryException(int status, String code, String message) {
    this(status, code, message, 0);
  }

  private RegistryException(int status, String code, String message, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** When the client may try again, in seconds (the {@code Retry-After} header), or 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The spec's error code, e.g. {@code BLOB_UNKNOWN}. */
  public String code() {
    return code;
  }

  /** {@code BLOB_UNKNOWN} (404). */
  public static RegistryException blobUnknown(String digest) {
    return new RegistryException(404, "BLOB_UNKNOWN", "blob unknown to registry: " + digest);
  }

  /** {@code MANIFEST_UNKNOWN} (404). */
  public static RegistryException manifestUnknown(String reference) {
    return new RegistryException(404, "MANIFEST_UNKNOWN", "manifest unknown: " + reference);
  }

  /** {@code NAME_UNKNOWN} (404). */
  public static RegistryException nameUnknown(String name) {
    return new RegistryException(404, "NAME_UNKNOWN", "repository name not known to registry: " + name);
  }

  /** {@code BLOB_UPLOAD_UNKNOWN} (404). */
  public static RegistryException uploadUnknown(String id) {
    return new RegistryException(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry: " + id);
  }

  /** {@code DIGEST_INVALID} (400). */
  public static RegistryException digestInvalid(String message) {
    return new RegistryException(400, "DIGEST_INVALID", message);
  }

  /** {@code MANIFEST_INVALID} (400). */
  public static RegistryException manifestInvalid(String message) {
    return new RegistryException(400, "MANIFEST_INVALID", message);
  }

  /** {@code TOOMANYREQUESTS} (429): too many failed logins; try again after {@code seconds}. */
  public static RegistryException tooManyRequests(long seconds) {
    return new RegistryException(429, "TOOMANYREQUESTS",
        "too many failed logins, retry in " + seconds + " s", seconds);
  }

  /** {@code DENIED} (403). */
  public static RegistryException denied(String message) {
    return new RegistryException(403, "DENIED", message);
  }
}
