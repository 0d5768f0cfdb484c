package dev.berth.control.database;

/** PostgreSQL answers again after {@link DatabaseHealth} found it unreachable. */
public record DatabaseRecovered() {}
