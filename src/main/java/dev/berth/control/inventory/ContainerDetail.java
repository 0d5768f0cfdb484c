package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * One container as {@code /api/v1/containers/{host}/{id}} shows it: Docker's inspect answer asked
 * from the host just now ({@code live}), or, while the host is offline, only what its agent last
 * reported.
 *
 * @param host the host's name
 * @param hostId the host's id
 * @param live whether {@code inspect} was read from the host now
 * @param summary the inventory's row (null when the inventory has not caught up with a new container)
 * @param inspect {@code GET /containers/{id}/json} as the host answered it, or null when offline
 */
public record ContainerDetail(String host, UUID hostId, boolean live, ContainerView summary, JsonNode inspect) {}
