package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.fleet.AgentSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each link last had stored, as a digest per inventory kind, so that a report equal to the
 * one before it (an agent reconnecting, or re-reporting after a change that cancelled out) costs
 * no database write. Kept per link session, not per host: while a link is up only this replica
 * stores that host's reports, so the digest cannot go stale; a new link starts afresh.
 */
final class StoredReports {
  private final Map<AgentSession, Map<String, byte[]>> bySession = Collections.synchronizedMap(new WeakHashMap<>());

  /** The digest of {@code items}, to compare and later record. */
  static byte[] digest(JsonNode items) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(items.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Whether {@code session} last stored a report of {@code kind} with this digest. */
  boolean isStored(AgentSession session, String kind, byte[] digest) {
    Map<String, byte[]> kinds = bySession.get(session);
    return kinds != null && Arrays.equals(kinds.get(kind), digest);
  }

  /** {@code session}'s report of {@code kind} with this digest is now in the database. */
  void stored(AgentSession session, String kind, byte[] digest) {
    bySession.computeIfAbsent(session, s -> new ConcurrentHashMap<>()).put(kind, digest);
  }
}
