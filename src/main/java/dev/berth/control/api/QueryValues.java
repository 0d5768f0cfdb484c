package dev.berth.control.api;

/** Query parameters as the APIs and pages read them: an empty value means "not given". */
public final class QueryValues {
  private QueryValues() {}

  /** The value, or null when it is missing or blank. */
  public static String given(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
