package dev.berth.util;

import java.util.ResourceBundle;

/**
 * A class's {@link System.Logger}, found on its first record: {@code System.getLogger} sets up the
 * logging back end at once (for java.util.logging: {@code LogManager}, its configuration and about 80
 * classes), which a process that logs nothing — an idle agent — should not pay for. Hold one in a
 * static field, {@code private static final System.Logger LOG = Log.of(Foo.class);}, and log as with
 * any {@code System.Logger}.
 */
public final class Log implements System.Logger {
  private final String name;
  private final Lazy<System.Logger> logger;

  private Log(String name) {
    this.name = name;
    this.logger = Lazy.of(() -> System.getLogger(name));
  }

  /** The logger named after {@code owner}, made on its first record. */
  public static System.Logger of(Class<?> owner) {
    return new Log(owner.getName());
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return logger.get().isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    logger.get().log(level, bundle, message, thrown);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    logger.get().log(level, bundle, format, params);
  }
}
