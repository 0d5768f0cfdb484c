package dev.berth.agent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.state.AgentLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

  @TempDir Path dataDir;

  @Test
  void isEmptyBeforeEnrollment() throws IOException {
    assertTrue(store().load().isEmpty());
  }

  @Test
  void savesOwnerOnlyJsonAndLoadsItBack() throws IOException {
    AgentCredential credential = new AgentCredential("9b2f4c1e-0000-4000-8000-000000000001", "local", "s3cret");

    store().save(credential);

    Path file = new AgentLayout(dataDir).credentialFile();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    var json = new ObjectMapper().readTree(file.toFile());
    assertEquals("9b2f4c1e-0000-4000-8000-000000000001", json.get("hostId").asText());
    assertEquals("local", json.get("name").asText());
    assertEquals("s3cret", json.get("credential").asText());
    assertEquals(credential, store().load().orElseThrow());
    assertFalse(credential.toString().contains("s3cret"));
  }

  @Test
  void refusesAFileWithMissingFields() throws IOException {
    Path file = new AgentLayout(dataDir).credentialFile();
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"hostId\": \"x\"}");

    IOException e = assertThrows(IOException.class, () -> store().load());
    assertTrue(e.getMessage().contains("unreadable"), e.getMessage());
  }

  private CredentialStore store() {
    return new CredentialStore(new AgentLayout(dataDir).credentialFile());
  }
}
