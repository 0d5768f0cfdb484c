package dev.berth.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.agent.content.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory of which repositories hold which blobs: kept across restarts, bounded, forgiving of a bad file. */
class BlobSourcesTest {
  private static final Digest LAYER = Digest.of("layer".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  @Test
  void remembersRepositoriesPerRegistryLatestFirstAcrossRestarts() {
    Path file = dir.resolve("state/blob-sources.json");
    BlobSources sources = BlobSources.at(file);
    sources.remember("127.0.0.1:5000", "a/img", List.of(LAYER));
    sources.remember("docker.io", "library/busybox", List.of(LAYER));
    sources.remember("127.0.0.1:5000", "b/img", List.of(LAYER));

    BlobSources reopened = BlobSources.at(file);
    assertEquals(List.of("b/img", "a/img"), reopened.repositories("127.0.0.1:5000", LAYER));
    assertEquals(List.of("library/busybox"), reopened.repositories("docker.io", LAYER));
    assertEquals(List.of(), reopened.repositories("127.0.0.1:5001", LAYER));

    reopened.forget("127.0.0.1:5000", "b/img", LAYER);
    assertEquals(List.of("a/img"), BlobSources.at(file).repositories("127.0.0.1:5000", LAYER));
  }

  @Test
  void keepsAFewRepositoriesPerBlobAndTheMostRecentBlobs() {
    BlobSources sources = BlobSources.inMemory();
    IntStream.range(0, BlobSources.MAX_REPOSITORIES + 2).forEach(i -> sources.remember("r", "repo" + i, List.of(LAYER)));
    assertEquals(BlobSources.MAX_REPOSITORIES, sources.repositories("r", LAYER).size());
    assertEquals("repo" + (BlobSources.MAX_REPOSITORIES + 1), sources.repositories("r", LAYER).get(0));

    List<Digest> many = IntStream.range(0, BlobSources.MAX_BLOBS + 1)
        .mapToObj(i -> Digest.of(Integer.toString(i).getBytes(StandardCharsets.UTF_8))).toList();
    sources.remember("r", "big", many);
    assertEquals(List.of(), sources.repositories("r", LAYER), "the least recently used blob went");
    assertEquals(List.of("big"), sources.repositories("r", many.get(many.size() - 1)));
  }

  @Test
  void startsEmptyFromAMissingOrCorruptFile() throws Exception {
    assertEquals(List.of(), BlobSources.at(dir.resolve("missing.json")).repositories("r", LAYER));
    Path corrupt = Files.writeString(dir.resolve("corrupt.json"), "{\"sha256:", StandardCharsets.UTF_8);
    BlobSources sources = BlobSources.at(corrupt);
    assertEquals(List.of(), sources.repositories("r", LAYER));

    sources.remember("r", "a", List.of(LAYER));
    assertEquals(List.of("a"), BlobSources.at(corrupt).repositories("r", LAYER), "rewritten whole");
  }
}
