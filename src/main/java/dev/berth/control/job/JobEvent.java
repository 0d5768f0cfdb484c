package dev.berth.control.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step in a job's history: a state change or a progress message. */
@Entity
@Table(name = "job_event")
public class JobEvent extends PanacheEntityBase {
  @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
  public UUID jobId;
  public Instant at;
  public JobState state;
  public String message;
  public Integer percent;

  /** Appends an event to a job's history. */
  public static void append(Job job, String message, Integer percent) {
    JobEvent event = new JobEvent();
    event.jobId = job.id;
    event.at = Instant.now();
    event.state = job.state;
    event.message = message;
    event.percent = percent;
    event.persist();
  }
}
