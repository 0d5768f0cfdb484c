package dev.berth.link.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonSubTypes.Type;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A control message: one JSON text WebSocket message, told apart by its {@code type} field.
 * Control messages always overtake stream data on the link.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @Type(value = Hello.class, name = "hello"),
  @Type(value = Welcome.class, name = "welcome"),
  @Type(value = Ping.class, name = "ping"),
  @Type(value = Pong.class, name = "pong"),
  @Type(value = JobDispatch.class, name = "job"),
  @Type(value = JobCancel.class, name = "job.cancel"),
  @Type(value = JobProgress.class, name = "job.progress"),
  @Type(value = JobFinished.class, name = "job.finished"),
  @Type(value = InventoryReport.class, name = "inventory"),
})
public sealed interface ControlMessage
    permits Hello, Welcome, Ping, Pong, JobDispatch, JobCancel, JobProgress, JobFinished, InventoryReport {}
