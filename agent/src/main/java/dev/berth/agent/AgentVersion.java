package dev.berth.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this agent build, taken from the Maven project version at build time. */
public final class AgentVersion {

  private static final Properties BUILD = load();

  private AgentVersion() {}

  /** Returns the agent version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    return value("version");
  }

  /** Returns the source commit the agent was built from, or {@code unknown}. */
  public static String gitCommit() {
    return value("gitCommit");
  }

  /** Returns when the agent was built, ISO-8601 UTC, or {@code unknown}. */
  public static String buildTime() {
    return value("buildTime");
  }

  private static String value(String key) {
    String value = BUILD.getProperty(key, "unknown");
    // An unfiltered resource (e.g. run straight from an IDE) still holds the placeholder.
    return value.isBlank() || value.startsWith("${") ? "unknown" : value;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = AgentVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
