package dev.berth.agent.build;

import dev.berth.agent.layer.ArchiveExtractor;
import dev.berth.agent.layer.DirectoryHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A build's context: the tar the client sent, extracted (safely: nothing outside the directory)
 * into a private directory under the spool directory, {@code .dockerignore} applied, and removed
 * when the build ends. The Dockerfile is read from it (its path resolved inside it).
 */
public final class BuildContext implements AutoCloseable {
  private final Path dir;
  private final Path root;
  private String dockerfilePath = "Dockerfile";
  private Optional<String> dockerfileText = Optional.empty();

  private BuildContext(Path dir) {
    this.dir = dir;
    this.root = dir.resolve("context");
  }

  /** Extracts {@code tar} (any compression) into a new directory under {@code spool}; reads {@code dockerfile} first. */
  public static BuildContext extract(InputStream tar, Path spool, String dockerfile) throws IOException {
    Files.createDirectories(spool);
    BuildContext context = new BuildContext(Files.createTempDirectory(spool, "build-"));
    try {
      Files.createDirectory(context.root);
      try (DirectoryHandle target = DirectoryHandle.open(context.root)) {
        ArchiveExtractor.extract(tar, target, new ArchiveExtractor.Options(false, Optional.empty(), "/"));
      }
      // Read before .dockerignore applies: like dockerd, the build uses the Dockerfile even when
      // the patterns exclude it (and it, or .dockerignore, is then not there for COPY).
      context.dockerfilePath = dockerfile;
      context.dockerfileText = context.read(dockerfile);
      Optional<String> ignore = context.read(".dockerignore");
      if (ignore.isPresent()) {
        DockerIgnore.parse(ignore.get()).prune(context.root, List.of());
      }
      return context;
    } catch (IOException | RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** Where the files are. */
  Path root() {
    return root;
  }

  /** The Dockerfile named when the context was extracted, as it was before .dockerignore applied. */
  public String dockerfile() {
    return dockerfileText.orElseThrow(() -> new BuildFailedException("Cannot locate specified Dockerfile: "
        + dockerfilePath));
  }

  // A regular file of the context, resolved inside it.
  private Optional<String> read(String path) throws IOException {
    try (DirectoryHandle handle = DirectoryHandle.open(root)) {
      Optional<String> located = handle.locateInRoot(path);
      if (located.isEmpty() || !Files.isRegularFile(root.resolve(located.get().substring(1)))) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(root.resolve(located.get().substring(1)), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** A directory holding one file per here-document, named after it (substituted unless quoted). */
  Path heredocs(List<Heredoc> heredocs, Map<String, String> vars, VariableExpander expander) throws IOException {
    Path docs = Files.createTempDirectory(dir, "heredocs-");
    for (Heredoc heredoc : heredocs) {
      String content = heredoc.expand() ? expander.word(heredoc.content(), vars) : heredoc.content();
      Files.writeString(docs.resolve(heredoc.name()), content);
    }
    return docs;
  }

  @Override
  public void close() throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
