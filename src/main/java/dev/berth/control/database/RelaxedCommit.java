package dev.berth.control.database;

import io.quarkus.hibernate.orm.panache.Panache;

/**
 * For transactions that only write data which is re-sent anyway (progress, inventory): their
 * commit does not wait for the WAL flush. A crash may lose the latest such write, never anything
 * else, and never leaves the database inconsistent.
 */
public final class RelaxedCommit {
  private RelaxedCommit() {}

  /** Relaxes the commit of the current transaction only. */
  public static void forThisTransaction() {
    Panache.getEntityManager().createNativeQuery("set local synchronous_commit = off").executeUpdate();
  }
}
