package dev.berth.control.registry;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Repositories, manifests and tags of the registry in PostgreSQL (tables in
 * {@code V5__registry.sql}). Blocking: call it off the event loop.
 */
@ApplicationScoped
public class RegistryMetadata {
  @Inject AgroalDataSource dataSource;

  /** A manifest as it was pushed. */
  public record StoredManifest(String digest, String mediaType, byte[] content) {}

  /** The manifest a tag or digest names in {@code repository}, if any. */
  @Transactional
  public Optional<StoredManifest> manifest(String repository, String reference) {
    String sql = RepositoryName.isDigest(reference)
        ? "select digest, media_type, content from registry_manifest where repository = ? and digest = ?"
        : "select m.digest, m.media_type, m.content from registry_tag t join registry_manifest m"
            + " on m.repository = t.repository and m.digest = t.manifest where t.repository = ? and t.name = ?";
    List<StoredManifest> found = query(sql, rows -> new StoredManifest(rows.getString(1), rows.getString(2), rows.getBytes(3)),
        repository, reference);
    return found.stream().findFirst();
  }

  /** Whether {@code repository} holds the manifest {@code digest}. */
  @Transactional
  public boolean hasManifest(String repository, String digest) {
    return !query("select 1 from registry_manifest where repository = ? and digest = ?", rows -> 1, repository, digest).isEmpty();
  }

  /** Stores a validated manifest (creating the repository) and points {@code tag} at it when given. */
  @Transactional
  public void putManifest(String repository, ManifestDocument manifest, String tag) {
    update("insert into registry_repository (name) values (?) on conflict do nothing", repository);
    int inserted = update("insert into registry_manifest (repository, digest, media_type, content, subject)"
            + " values (?, ?, ?, ?, ?) on conflict do nothing",
        repository, manifest.digest(), manifest.mediaType(), manifest.content(), manifest.subject().orElse(null));
    if (inserted > 0) {
      for (ManifestDocument.Descriptor reference : manifest.references()) {
        update("insert into registry_manifest_blob (repository, manifest, digest, size) values (?, ?, ?, ?)"
            + " on conflict do nothing", repository, manifest.digest(), reference.digest(), reference.size());
      }
    }
    if (tag != null) {
      update("insert into registry_tag (repository, name, manifest) values (?, ?, ?) on conflict (repository, name)"
          + " do update set manifest = excluded.manifest, updated_at = now()", repository, tag, manifest.digest());
    }
  }

  /** Deletes a manifest and the tags on it; returns whether it was there. */
  @Transactional
  public boolean deleteManifest(String repository, String digest) {
    return update("delete from registry_manifest where repository = ? and digest = ?", repository, digest) > 0;
  }

  /** Deletes a tag (not its manifest); returns whether it was there. */
  @Transactional
  public boolean deleteTag(String repository, String tag) {
    return update("delete from registry_tag where repository = ? and name = ?", repository, tag) > 0;
  }

  /** Whether {@code repository} exists. */
  @Transactional
  public boolean hasRepository(String repository) {
    return !query("select 1 from registry_repository where name = ?", rows -> 1, repository).isEmpty();
  }

  /** Up to {@code limit} tags of {@code repository} after {@code last}, in lexical order. */
  @Transactional
  public List<String> tags(String repository, String last, int limit) {
    return query("select name from registry_tag where repository = ? and name > ? order by name collate \"C\" limit ?",
        rows -> rows.getString(1), repository, last, limit);
  }

  /** Up to {@code limit} repository names after {@code last}, in lexical order. */
  @Transactional
  public List<String> repositories(String last, int limit) {
    return query("select name from registry_repository where name > ? order by name collate \"C\" limit ?",
        rows -> rows.getString(1), last, limit);
  }

  /** The manifests of {@code repository} whose subject is {@code digest}. */
  @Transactional
  public List<StoredManifest> referrers(String repository, String digest) {
    return query("select digest, media_type, content from registry_manifest where repository = ? and subject = ?"
        + " order by created_at, digest", rows -> new StoredManifest(rows.getString(1), rows.getString(2), rows.getBytes(3)),
        repository, digest);
  }

  /** Whether any manifest of any repository refers to the blob. */
  @Transactional
  public boolean isReferenced(String digest) {
    return !query("select 1 from registry_manifest_blob where digest = ? limit 1", rows -> 1, digest).isEmpty();
  }

  private interface Row<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> List<T> query(String sql, Row<T> row, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = prepare(connection, sql, parameters);
         ResultSet rows = statement.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (rows.next()) {
        result.add(row.read(rows));
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("registry metadata: " + e.getMessage(), e);
    }
  }

  private int update(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("registry metadata: " + e.getMessage(), e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }
}
