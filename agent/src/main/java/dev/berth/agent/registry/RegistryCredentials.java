package dev.berth.agent.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A username and password (or token) for a registry, e.g. from the CLI's {@code X-Registry-Auth} header. */
public record RegistryCredentials(String username, String password) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keeps the secret out of logs. */
  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=***]";
  }

  /** The {@code Basic} header value. */
  public String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The credentials in an {@code X-Registry-Auth} header (base64url JSON with username and password,
   * or an identity token), if it holds any; {@link IllegalArgumentException} with dockerd's message
   * if it is not base64 JSON.
   */
  public static Optional<RegistryCredentials> fromHeader(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    JsonNode auth;
    try {
      byte[] json = Base64.getUrlDecoder().decode(header.trim().replace('+', '-').replace('/', '_').replace("=", ""));
      auth = JSON.readTree(json);
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException("invalid X-Registry-Auth header: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (auth == null || !auth.isObject()) {
      throw new IllegalArgumentException("invalid X-Registry-Auth header: not a JSON object");
    }
    return fromJson(auth);
  }

  /** The credentials of an auth config object ({@code username}/{@code password} or {@code identitytoken}). */
  public static Optional<RegistryCredentials> fromJson(JsonNode auth) {
    if (auth == null || !auth.isObject()) {
      return Optional.empty();
    }
    String username = auth.path("username").asText("");
    String password = auth.path("password").asText("");
    String identityToken = auth.path("identitytoken").asText("");
    if (!identityToken.isEmpty()) {
      return Optional.of(new RegistryCredentials(username.isEmpty() ? "<token>" : username, identityToken));
    }
    return username.isEmpty() && password.isEmpty() ? Optional.empty() : Optional.of(new RegistryCredentials(username, password));
  }
}
