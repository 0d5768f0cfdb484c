package dev.berth.agent.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of an image listing (Docker's {@code GET /images/json} item).
 *
 * @param id image id, {@code sha256:…}
 * @param parentId the parent image's id, or empty
 * @param repoTags tags in familiar form ({@code busybox:latest}); empty for dangling images
 * @param repoDigests digest references in familiar form ({@code busybox@sha256:…})
 * @param created when the image was created
 * @param size bytes of all layers, unpacked
 * @param labels the config's labels
 * @param containers how many containers use it
 */
public record ImageSummary(String id, String parentId, List<String> repoTags, List<String> repoDigests,
    Instant created, long size, Map<String, String> labels, int containers) {}
