package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference in Docker's grammar, normalised as Docker does: {@code busybox} is
 * {@code docker.io/library/busybox}, {@code user/app} is {@code docker.io/user/app}, and a first
 * component with a dot or a colon, or {@code localhost}, is a registry domain.
 *
 * <pre>
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] component ( "/" component )*
 *   component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   domain    := host [ ":" port ]      host: dns labels joined by "." or "[ipv6]"
 *   tag       := [\w][\w.-]{0,127}
 * </pre>
 */
public final class Reference {
  /** The registry Docker assumes for names without a domain. */
  public static final String DEFAULT_DOMAIN = "docker.io";
  /** The tag Docker assumes when a reference has neither tag nor digest. */
  public static final String DEFAULT_TAG = "latest";

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
          + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
  private static final int NAME_MAX = 255;

  private final String domain;
  private final String path;
  private final String tag;
  private final Digest digest;

  private Reference(String domain, String path, String tag, Digest digest) {
    this.domain = domain;
    this.path = path;
    this.tag = tag;
    this.digest = digest;
  }

  /** Parses and normalises {@code text}; no default tag is added (see {@link #withDefaultTag()}). */
  public static Reference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidReferenceException("invalid reference format: repository name must have at least one component");
    }
    if (HEX64.matcher(text).matches()) {
      throw new InvalidReferenceException(
          "invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
    }
    int at = text.indexOf('@');
    String name = at < 0 ? text : text.substring(0, at);
    Digest digest = at < 0 ? null : parseDigest(text.substring(at + 1));
    String tag = null;
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
    }
    if (name.isEmpty() || (tag != null && !TAG.matcher(tag).matches())) {
      throw new InvalidReferenceException("invalid reference format");
    }
    String domain;
    String remainder;
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
        && first.toLowerCase(java.util.Locale.ROOT).equals(first))) {
      domain = DEFAULT_DOMAIN;
      remainder = name;
    } else {
      domain = first;
      remainder = name.substring(slash + 1);
    }
    if (domain.equals("index.docker.io")) {
      domain = DEFAULT_DOMAIN;
    }
    if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
      remainder = "library/" + remainder;
    }
    if (!remainder.toLowerCase(java.util.Locale.ROOT).equals(remainder)) {
      throw new InvalidReferenceException(
          "invalid reference format: repository name (" + remainder + ") must be lowercase");
    }
    if (!DOMAIN.matcher(domain).matches() || !PATH.matcher(remainder).matches()) {
      throw new InvalidReferenceException("invalid reference format");
    }
    if (domain.length() + 1 + remainder.length() > NAME_MAX) {
      throw new InvalidReferenceException("invalid reference format: repository name must not be more than "
          + NAME_MAX + " characters");
    }
    return new Reference(domain, remainder, tag, digest);
  }

  private static Digest parseDigest(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidReferenceException("invalid reference format: " + e.getMessage());
    }
  }

  /** A reference to repository {@code name} (already normalised or not) with {@code tag}. */
  public static Reference of(String name, String tag) {
    Reference repository = parse(name);
    if (repository.tag != null || repository.digest != null) {
      throw new InvalidReferenceException("invalid reference format: " + name + " is not a repository name");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new InvalidReferenceException("invalid tag format: " + tag);
    }
    return new Reference(repository.domain, repository.path, tag, null);
  }

  /** This reference with tag {@code latest} when it has neither tag nor digest. */
  public Reference withDefaultTag() {
    return tag == null && digest == null ? new Reference(domain, path, DEFAULT_TAG, null) : this;
  }

  /** This repository with {@code digest} instead of any tag. */
  public Reference withDigest(Digest newDigest) {
    return new Reference(domain, path, null, Objects.requireNonNull(newDigest));
  }

  /** The registry, e.g. {@code docker.io} or {@code localhost:5000}. */
  public String domain() {
    return domain;
  }

  /** The repository path within the registry, e.g. {@code library/busybox}. */
  public String path() {
    return path;
  }

  /** The full repository name, e.g. {@code docker.io/library/busybox}. */
  public String name() {
    return domain + "/" + path;
  }

  /** The tag, if any. */
  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  /** The digest, if any. */
  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  /** The repository name as Docker shows it: {@code busybox}, {@code user/app}, {@code localhost:5000/x}. */
  public String familiarName() {
    if (!domain.equals(DEFAULT_DOMAIN)) {
      return name();
    }
    return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
  }

  /** The whole reference as Docker shows it, e.g. {@code busybox:latest}. */
  public String familiar() {
    return familiarName() + suffix();
  }

  private String suffix() {
    return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Reference that && domain.equals(that.domain) && path.equals(that.path)
        && Objects.equals(tag, that.tag) && Objects.equals(digest, that.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domain, path, tag, digest);
  }

  /** The fully qualified form, e.g. {@code docker.io/library/busybox:latest}. */
  @Override
  public String toString() {
    return name() + suffix();
  }
}
