package dev.berth.control.registry.credentials;

import java.time.Instant;
import java.util.UUID;

/**
 * Stored registry credentials as the API shows them: never the secret.
 *
 * @param host the host they are for, or null for every host
 */
public record RegistryCredentialView(UUID id, String registry, String host, String username,
                                     Instant createdAt, Instant updatedAt) {
  static RegistryCredentialView of(RegistryCredential credential) {
    return new RegistryCredentialView(credential.id, credential.registry,
        credential.host == null ? null : credential.host.name, credential.username,
        credential.createdAt, credential.updatedAt);
  }
}
