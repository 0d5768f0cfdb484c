package dev.berth.control.registry;

import java.util.regex.Pattern;

/** The repository name grammar of the OCI Distribution Specification, and tags and digests. */
public final class RepositoryName {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final Pattern NAME = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final int MAX_LENGTH = 255;

  private RepositoryName() {}

  /** {@code name} if it is a valid repository name; otherwise {@code NAME_INVALID}. */
  public static String check(String name) {
    if (name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
      throw new RegistryException(400, "NAME_INVALID", "invalid repository name: " + name);
    }
    return name;
  }

  /** {@code digest} if it is a sha256 digest (the only algorithm stored); otherwise {@code DIGEST_INVALID}. */
  public static String checkDigest(String digest) {
    if (digest == null || !isDigest(digest)) {
      throw RegistryException.digestInvalid("invalid digest: " + digest + " (expected sha256:<64 hex digits>)");
    }
    return digest;
  }

  /** Whether {@code reference} is a digest rather than a tag. */
  public static boolean isDigest(String reference) {
    return DIGEST.matcher(reference).matches();
  }

  /** {@code reference} if it is a valid tag or digest; otherwise {@code MANIFEST_INVALID}/{@code DIGEST_INVALID}. */
  public static String checkReference(String reference) {
    if (reference.contains(":")) {
      return checkDigest(reference);
    }
    if (!TAG.matcher(reference).matches()) {
      throw new RegistryException(400, "TAG_INVALID", "invalid tag: " + reference);
    }
    return reference;
  }
}
