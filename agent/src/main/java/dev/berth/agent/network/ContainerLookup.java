package dev.berth.agent.network;

import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerNotFoundException;
import java.io.IOException;

/** Finds the host's containers by name or id ({@code ContainerRuntime::get}), for links and network peers. */
@FunctionalInterface
public interface ContainerLookup {
  /** Nothing is found: every container is missing. */
  ContainerLookup NONE = nameOrId -> {
    throw new ContainerNotFoundException(nameOrId);
  };

  /** The container; {@link ContainerNotFoundException} when there is none. */
  Container get(String nameOrId) throws IOException;
}
