package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Docker's image listing: top-level images (or all), filtered, newest first. */
final class ImageLister {
  private final ImageStore store;
  private final ImageUsers users;
  private final ImageConfigs configs;

  ImageLister(ImageStore store, ImageUsers users, ImageConfigs configs) {
    this.store = store;
    this.users = users;
    this.configs = configs;
  }

  /** The images that pass {@code filters}. */
  List<ImageSummary> list(ImageFilters filters) throws IOException {
    Instant before = filters.before().isPresent() ? store.resolve(filters.before().get()).created() : null;
    Instant since = filters.since().isPresent() ? store.resolve(filters.since().get()).created() : null;
    List<Pattern> globs = filters.references().stream().map(ImageLister::glob).toList();
    List<ImageSummary> rows = new ArrayList<>();
    for (Image image : store.images()) {
      List<Reference> references = store.references(image.id());
      boolean untagged = references.isEmpty();
      if (!filters.all() && untagged && !store.children(image.id()).isEmpty()) {
        continue;
      }
      if (filters.dangling().isPresent() && filters.dangling().get() != untagged) {
        continue;
      }
      if ((before != null && !image.created().isBefore(before)) || (since != null && !image.created().isAfter(since))) {
        continue;
      }
      Map<String, String> labels = labels(image);
      if (!filters.labels().stream().allMatch(label -> hasLabel(labels, label))) {
        continue;
      }
      if (!globs.isEmpty()) {
        references = references.stream().filter(r -> globs.stream().anyMatch(g -> matches(g, r))).toList();
        if (references.isEmpty()) {
          continue;
        }
      }
      rows.add(summary(image, references, labels));
    }
    rows.sort(Comparator.comparing(ImageSummary::created).reversed());
    return rows;
  }

  ImageSummary summary(Image image, List<Reference> references, Map<String, String> labels) {
    List<String> tags = references.stream().filter(r -> r.tag().isPresent()).map(Reference::familiar).toList();
    List<String> digests = references.stream().filter(r -> r.digest().isPresent())
        .map(r -> r.familiarName() + "@" + r.digest().get()).toList();
    return new ImageSummary(image.id().toString(), image.parentId().map(Digest::toString).orElse(""), tags, digests,
        image.created(), image.size(), labels, users.of(image.id()).size());
  }

  Map<String, String> labels(Image image) throws IOException {
    return configs.labels(image.configDigest());
  }

  private static boolean hasLabel(Map<String, String> labels, String filter) {
    int equals = filter.indexOf('=');
    if (equals < 0) {
      return labels.containsKey(filter);
    }
    return filter.substring(equals + 1).equals(labels.get(filter.substring(0, equals)));
  }

  private static boolean matches(Pattern glob, Reference reference) {
    return glob.matcher(reference.familiarName()).matches() || glob.matcher(reference.familiar()).matches();
  }

  /** A {@code reference=} filter as a pattern; {@link IllegalArgumentException} names a bad one. */
  static Pattern glob(String pattern) {
    try {
      return GoPathPattern.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid reference filter: " + pattern, e);
    }
  }
}
