package dev.berth.link.message;

/** Control plane → agent: stop this job if it is running. */
public record JobCancel(String id) implements ControlMessage {}
