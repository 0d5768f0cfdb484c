package dev.berth.control.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every {@code @QuarkusTest} runs against the embedded PostgreSQL started by {@link EmbeddedPostgresResource}. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class DatabaseForAllTests {
  private DatabaseForAllTests() {}
}
