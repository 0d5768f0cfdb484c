package dev.berth.link.message;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Agent → control plane: everything of one {@code kind} (e.g. {@code images}) the host has now,
 * as the Docker API lists it. Sent after every connect and soon after every change; a report
 * replaces the previous one, so a lost report is mended by the next.
 */
public record InventoryReport(String kind, JsonNode items) implements ControlMessage {
  /** Kind of the image inventory: items as {@code GET /images/json?all=1} answers. */
  public static final String IMAGES = "images";
  /** Kind of the container inventory: items as {@code GET /containers/json?all=1} answers. */
  public static final String CONTAINERS = "containers";
  /**
   * Kind of the volume inventory: items as {@code GET /volumes} lists them, each with
   * {@code UsageData.RefCount} (how many containers use it; {@code Size} -1, not measured).
   */
  public static final String VOLUMES = "volumes";
  /**
   * Kind of the network inventory: items as {@code GET /networks} lists them, each with
   * {@code Containers} (the running containers on it, by id).
   */
  public static final String NETWORKS = "networks";
  /**
   * Kind of the host's load: not a list but one object, the load since the previous report
   * (CPU, memory, disk, network and block I/O; see the agent's {@code HostStatsSampler}), sent every
   * few seconds.
   */
  public static final String HOST_STATS = "host-stats";
}
