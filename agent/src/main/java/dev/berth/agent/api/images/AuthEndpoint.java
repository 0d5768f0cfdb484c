package dev.berth.agent.api.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.registry.RegistryAccess;
import dev.berth.agent.registry.RegistryCredentials;
import dev.berth.agent.registry.RegistryError;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /auth}: {@code docker login}. Checks the credentials against the registry
 * ({@code GET /v2/}, answering its challenge); the CLI stores them and sends them with later
 * pulls and pushes as {@code X-Registry-Auth}.
 */
public final class AuthEndpoint implements DockerEndpoint {
  private final RegistryAccess registries;

  /** Logs in through {@code registries}. */
  public AuthEndpoint(RegistryAccess registries) {
    this.registries = registries;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    JsonNode body = request.jsonObject();
    Optional<RegistryCredentials> credentials = RegistryCredentials.fromJson(body);
    String server = body.path("serveraddress").asText("").replaceFirst("^https?://", "").replaceFirst("/.*$", "");
    if (server.isEmpty() || server.equals("index.docker.io")) {
      server = "docker.io";
    }
    if (credentials.isEmpty()) {
      throw new DockerApiException(400, "username and password are required");
    }
    try {
      registries.client(server, credentials).login();
    } catch (RegistryError e) {
      throw new DockerApiException(401, "login attempt to " + server + " failed: " + e.getMessage());
    } catch (IOException e) {
      throw new DockerApiException(500, "login attempt to " + server + " failed: " + e.getMessage());
    }
    JsonReply.send(response, 200, JsonReply.object().put("Status", "Login Succeeded").put("IdentityToken", ""));
  }
}
