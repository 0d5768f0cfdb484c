package dev.berth.agent.api.images;

import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.image.Reference;
import java.util.Optional;

/**
 * The {@code repo} and {@code tag} form values of import, tag and commit, read as dockerd's
 * {@code RepoTagReference}: {@code repo} may carry a tag, which {@code tag} replaces; no tag
 * means {@code latest}; no repo means no reference at all.
 */
public final class RepoTag {
  private RepoTag() {}

  /** The tagged reference, or empty when {@code repo} is empty; invalid input is an InvalidReferenceException. */
  public static Optional<Reference> of(String repo, String tag) {
    if (repo == null || repo.isEmpty()) {
      return Optional.empty();
    }
    Reference named = Reference.parse(repo);
    if (named.digest().isPresent()) {
      throw new InvalidReferenceException("cannot import digest reference");
    }
    if (tag == null || tag.isEmpty()) {
      return Optional.of(named.withDefaultTag());
    }
    try {
      return Optional.of(Reference.of(named.name(), tag));
    } catch (InvalidReferenceException badTag) {
      throw new InvalidReferenceException("invalid tag format");
    }
  }
}
