package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.image.json.ImageJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Parsed image configs, read from their blobs once (a config never changes: its digest is its name). */
public final class ImageConfigs {
  private final ContentStore content;
  private final Map<Digest, ImageConfig> parsed = new ConcurrentHashMap<>();

  /** Configs read from {@code content}. */
  public ImageConfigs(ContentStore content) {
    this.content = content;
  }

  /** The config of {@code image}, parsed (shared: do not modify it). */
  public ImageConfig of(Image image) throws IOException {
    return of(image.configDigest());
  }

  /**
   * The config whose digest (an image's id) is {@code configDigest}, parsed (shared: do not modify
   * it). Reads only the content store, so it takes no lock of the image store.
   */
  public ImageConfig of(Digest configDigest) throws IOException {
    try {
      return parsed.computeIfAbsent(configDigest, digest -> {
        try {
          return ImageJson.read(content.read(digest), ImageConfig.class, "image config " + digest);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The labels in the config {@code configDigest} names (an image's {@code config.Labels}); none when it has none. */
  public Map<String, String> labels(Digest configDigest) throws IOException {
    ImageConfig config = of(configDigest);
    return config.config == null || config.config.labels == null ? Map.of() : config.config.labels;
  }

  /** The config blob's bytes, exactly as stored. */
  public byte[] raw(Image image) throws IOException {
    return content.read(image.configDigest());
  }

  /** A fresh, modifiable copy of {@code image}'s config (for deriving a new image from it). */
  public ImageConfig copyOf(Image image) throws IOException {
    return ImageJson.read(raw(image), ImageConfig.class, "image config " + image.configDigest());
  }
}
