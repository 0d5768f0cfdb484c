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
 * {@code V5__registry.sql}, {@code V8__registry_anonymous_pull.sql}). Blocking: call it off the
 * event loop.
 *
 * <p>Garbage collection and manifest pushes meet at one PostgreSQL advisory lock (so also across
 * control-plane replicas): a push holds it shared while it checks that the manifest's blobs are
 * stored and records its references, a collection holds it exclusively while it decides what is
 * unreferenced and deletes it.
 */
@ApplicationScoped
public class RegistryMetadata {
  private static final long COLLECTION_LOCK = 0x62657274_68726567L; // "berthreg"
  @Inject AgroalDataSource dataSource;

  /** A tag with the manifest it names. */
  public record TagView(String name, String digest, String mediaType, long size, java.time.Instant created) {}

  /** A repository with its settings and storage use (bytes of its distinct blobs, and of those other repositories share). */
  public record RepositoryView(String name, boolean anonymousPull, int tags, int manifests, long size, long sharedSize) {}

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

  /** The tags of {@code repository} that name the manifest {@code digest}, in lexical order. */
  @Transactional
  public List<String> tagsOf(String repository, String digest) {
    return query("select name from registry_tag where repository = ? and manifest = ? order by name collate \"C\"",
        rows -> rows.getString(1), repository, digest);
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
    if (inserted > 0 && !manifest.references().isEmpty()) {
      // One round trip for all of them (a JDBC batch), not one per layer.
      batch("insert into registry_manifest_blob (repository, manifest, digest, size) values (?, ?, ?, ?)"
          + " on conflict do nothing", manifest.references().stream()
          .map(reference -> new Object[] {repository, manifest.digest(), reference.digest(), reference.size()}).toList());
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
    return query("select name from registry_tag where repository = ? and name collate \"C\" > ? order by name collate \"C\" limit ?",
        rows -> rows.getString(1), repository, last, limit);
  }

  /** Up to {@code limit} repository names after {@code last}, in lexical order. */
  @Transactional
  public List<String> repositories(String last, int limit) {
    return query("select name from registry_repository where name collate \"C\" > ? order by name collate \"C\" limit ?",
        rows -> rows.getString(1), last, limit);
  }

  /** The manifests of {@code repository} whose subject is {@code digest}. */
  @Transactional
  public List<StoredManifest> referrers(String repository, String digest) {
    return query("select digest, media_type, content from registry_manifest where repository = ? and subject = ?"
        + " order by created_at, digest", rows -> new StoredManifest(rows.getString(1), rows.getString(2), rows.getBytes(3)),
        repository, digest);
  }

  /** Whether a manifest of {@code repository} refers to the blob (a layer, a config or a child manifest). */
  @Transactional
  public boolean refersTo(String repository, String digest) {
    return !query("select 1 from registry_manifest_blob where repository = ? and digest = ? limit 1", rows -> 1,
        repository, digest).isEmpty();
  }

  /** Whether any manifest of any repository refers to the blob. */
  @Transactional
  public boolean isReferenced(String digest) {
    return !query("select 1 from registry_manifest_blob where digest = ? limit 1", rows -> 1, digest).isEmpty();
  }

  /** Holds the collection lock shared until the transaction ends (manifest pushes). */
  public void lockAgainstCollection() {
    query("select pg_advisory_xact_lock_shared(?)", rows -> 1, COLLECTION_LOCK);
  }

  /** Holds the collection lock exclusively until the transaction ends (garbage collection). */
  public void lockForCollection() {
    query("select pg_advisory_xact_lock(?)", rows -> 1, COLLECTION_LOCK);
  }

  /** Every digest any manifest of any repository refers to. */
  public java.util.Set<String> referencedDigests() {
    return new java.util.HashSet<>(query("select distinct digest from registry_manifest_blob", rows -> rows.getString(1)));
  }

  /**
   * Deletes manifests created before {@code before} that no tag names, no other manifest of their
   * repository refers to (as an index refers to its children) and that are not referrers of
   * another manifest; returns how many.
   */
  public int deleteUntaggedManifests(java.time.Instant before) {
    return update("delete from registry_manifest m where m.created_at < ? and m.subject is null"
        + " and not exists (select 1 from registry_tag t where t.repository = m.repository and t.manifest = m.digest)"
        + " and not exists (select 1 from registry_manifest_blob b where b.repository = m.repository and b.digest = m.digest)",
        java.sql.Timestamp.from(before));
  }

  /** Whether anyone may pull from {@code repository} without credentials. */
  @Transactional
  public boolean allowsAnonymousPull(String repository) {
    return !query("select 1 from registry_repository where name = ? and anonymous_pull", rows -> 1, repository).isEmpty();
  }

  /** Sets whether anyone may pull from {@code repository} without credentials, creating it if needed. */
  @Transactional
  public void setAnonymousPull(String repository, boolean anonymousPull) {
    update("insert into registry_repository (name, anonymous_pull) values (?, ?)"
        + " on conflict (name) do update set anonymous_pull = excluded.anonymous_pull", repository, anonymousPull);
  }

  /** Every repository (or just {@code only}, when given) with its storage use, by name. */
  @Transactional
  public List<RepositoryView> repositoryViews(String only) {
    return query("""
        select r.name, r.anonymous_pull,
               (select count(*) from registry_tag t where t.repository = r.name),
               (select count(*) from registry_manifest m where m.repository = r.name),
               coalesce((select sum(b.size) from (select distinct digest, size from registry_manifest_blob
                   where repository = r.name) b), 0),
               coalesce((select sum(b.size) from (select distinct digest, size from registry_manifest_blob x
                   where x.repository = r.name and exists (select 1 from registry_manifest_blob o
                   where o.digest = x.digest and o.repository <> r.name)) b), 0)
        from registry_repository r where (cast(? as text) is null or r.name = ?) order by r.name collate "C"
        """, rows -> new RepositoryView(rows.getString(1), rows.getBoolean(2), rows.getInt(3), rows.getInt(4),
            rows.getLong(5), rows.getLong(6)), only, only);
  }

  /** The tags of {@code repository} with their manifests' digests, sizes (manifest and the blobs it refers to) and push times. */
  @Transactional
  public List<TagView> tagViews(String repository) {
    return query("""
        select t.name, m.digest, m.media_type,
               length(m.content) + coalesce((select sum(b.size) from registry_manifest_blob b
                   where b.repository = m.repository and b.manifest = m.digest), 0),
               t.updated_at
        from registry_tag t join registry_manifest m on m.repository = t.repository and m.digest = t.manifest
        where t.repository = ? order by t.name collate "C"
        """, rows -> new TagView(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4),
            rows.getTimestamp(5).toInstant()), repository);
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

  private void batch(String sql, List<Object[]> rows) {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(statement, row).addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("registry metadata: " + e.getMessage(), e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
    return bind(connection.prepareStatement(sql), parameters);
  }

  private static PreparedStatement bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }
}
