package dev.berth.agent.enroll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Keeps this host's {@link AgentCredential} in {@code state/credential.json}, mode 0600. */
public final class CredentialStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  /** Returns a store backed by {@code file} (see {@code AgentLayout.credentialFile()}). */
  public CredentialStore(Path file) {
    this.file = file;
  }

  /** Returns the stored credential, or empty when this host has not enrolled yet. */
  public Optional<AgentCredential> load() throws IOException {
    Optional<byte[]> bytes = AtomicFiles.readIfExists(file);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(bytes.get(), AgentCredential.class));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IOException("credential file " + file + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** Saves the credential atomically, readable by the owner only. */
  public void save(AgentCredential credential) throws IOException {
    AtomicFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, JSON.writeValueAsBytes(credential), AtomicFiles.OWNER_ONLY);
  }
}
