package dev.berth.agent.api;

import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;

/** The stable ID this host's engine reports in {@code GET /info}: made once, then kept on disk. */
public final class EngineId {

  private EngineId() {}

  /** Returns the ID stored in {@code file}, first creating a random UUID there if needed. */
  public static String loadOrCreate(Path file) throws IOException {
    Optional<String> stored = AtomicFiles.readIfExists(file)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8).strip())
        .filter(id -> !id.isEmpty());
    if (stored.isPresent()) {
      return stored.get();
    }
    String id = UUID.randomUUID().toString();
    AtomicFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8),
        PosixFilePermissions.fromString("rw-r--r--"));
    return id;
  }
}
