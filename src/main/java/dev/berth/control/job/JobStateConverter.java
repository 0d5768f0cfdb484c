package dev.berth.control.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link JobState} by its wire name. */
@Converter(autoApply = true)
public class JobStateConverter implements AttributeConverter<JobState, String> {
  @Override
  public String convertToDatabaseColumn(JobState state) {
    return state == null ? null : state.wireName();
  }

  @Override
  public JobState convertToEntityAttribute(String name) {
    return name == null ? null : JobState.fromWireName(name)
        .orElseThrow(() -> new IllegalStateException("unknown job state in database: " + name));
  }
}
