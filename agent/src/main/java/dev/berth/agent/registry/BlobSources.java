package dev.berth.agent.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.content.Digest;
import dev.berth.storage.AtomicFiles;
import dev.berth.util.Lazy;
import dev.berth.util.Log;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which repositories of which registries a blob is known to be in, from this agent's pulls and
 * pushes: a push asks the registry to mount a blob from one of them instead of uploading it, as
 * dockerd does with its distribution metadata. A hint, not a truth: a registry may have deleted
 * the blob since, and then the mount fails and the caller forgets that repository.
 *
 * <p>Kept in one file, written whole with {@link AtomicFiles} after each pull or push, keyed by
 * blob digest (as the registry knows it), each with full repository names, the latest first:
 * <pre>
 * {"sha256:3f…": ["127.0.0.1:5000/a/img", "docker.io/library/busybox"], …}
 * </pre>
 * At most {@value #MAX_BLOBS} blobs (the least recently used go) and {@value #MAX_REPOSITORIES}
 * repositories each. A missing or unreadable file is an empty memory; failing to write one loses
 * only hints, so it is logged, never an error of the pull or push.
 */
public final class BlobSources {
  static final int MAX_BLOBS = 2048;
  static final int MAX_REPOSITORIES = 5;
  // Made on first use: an idle agent never reads or writes this file.
  private static final Lazy<ObjectMapper> JSON = Lazy.of(ObjectMapper::new);
  private static final System.Logger LOG = Log.of(BlobSources.class);

  private final Path file;
  private LinkedHashMap<String, List<String>> sources;

  private BlobSources(Path file) {
    this.file = file;
  }

  /** The memory kept in {@code file} (read on first use). */
  public static BlobSources at(Path file) {
    return new BlobSources(file);
  }

  /** A memory kept nowhere (it lasts as long as the process). */
  public static BlobSources inMemory() {
    return new BlobSources(null);
  }

  /** The repositories of {@code registry} (host[:port]) known to hold {@code digest}, the latest first. */
  public synchronized List<String> repositories(String registry, Digest digest) {
    List<String> repositories = new ArrayList<>();
    for (String name : loaded().getOrDefault(digest.toString(), List.of())) {
      if (name.startsWith(registry + "/")) {
        repositories.add(name.substring(registry.length() + 1));
      }
    }
    return repositories;
  }

  /** Remembers that {@code repository} of {@code registry} holds each of {@code digests}. */
  public synchronized void remember(String registry, String repository, Collection<Digest> digests) {
    String name = registry + "/" + repository;
    LinkedHashMap<String, List<String>> all = loaded();
    for (Digest digest : digests) {
      List<String> names = new ArrayList<>(all.getOrDefault(digest.toString(), List.of()));
      names.remove(name);
      names.add(0, name);
      all.remove(digest.toString()); // to the end: the most recently used
      all.put(digest.toString(), List.copyOf(names.subList(0, Math.min(MAX_REPOSITORIES, names.size()))));
    }
    while (all.size() > MAX_BLOBS) {
      all.remove(all.keySet().iterator().next());
    }
    save();
  }

  /** Forgets that {@code repository} of {@code registry} holds {@code digest} (a mount from it failed). */
  public synchronized void forget(String registry, String repository, Digest digest) {
    List<String> names = new ArrayList<>(loaded().getOrDefault(digest.toString(), List.of()));
    if (names.remove(registry + "/" + repository)) {
      if (names.isEmpty()) {
        sources.remove(digest.toString());
      } else {
        sources.put(digest.toString(), List.copyOf(names));
      }
      save();
    }
  }

  private LinkedHashMap<String, List<String>> loaded() {
    if (sources == null) {
      sources = new LinkedHashMap<>();
      if (file != null) {
        try {
          AtomicFiles.readIfExists(file).ifPresent(bytes -> sources.putAll(parse(bytes)));
        } catch (IOException | RuntimeException unreadable) {
          LOG.log(Level.WARNING, "ignoring unreadable " + file + ": " + unreadable.getMessage());
          sources.clear();
        }
      }
    }
    return sources;
  }

  private static Map<String, List<String>> parse(byte[] bytes) {
    try {
      Map<String, List<String>> read = JSON.get().readValue(bytes, new TypeReference<LinkedHashMap<String, List<String>>>() {});
      read.values().removeIf(names -> names == null || names.contains(null));
      return read;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void save() {
    if (file == null) {
      return;
    }
    try {
      AtomicFiles.write(file, JSON.get().writeValueAsBytes(sources), AtomicFiles.OWNER_ONLY);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not write " + file + ": " + e.getMessage());
    }
  }
}
