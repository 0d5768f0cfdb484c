package dev.berth.link.message;

/** Agent → control plane: a job is running, with an optional message and percentage. */
public record JobProgress(String id, String message, Integer percent) implements ControlMessage {}
