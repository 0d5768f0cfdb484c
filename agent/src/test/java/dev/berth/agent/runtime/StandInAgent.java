package dev.berth.agent.runtime;

import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.ImageUsers;
import dev.berth.agent.state.AgentLayout;
import java.nio.file.Path;

/**
 * An agent stand-in run in a child JVM: it starts one container ({@code argv} after the data dir
 * and cgroup parent), prints its id and then waits to be killed, as an agent that dies would.
 */
public final class StandInAgent {
  private StandInAgent() {}

  /** {@code <dataDir> <cgroupParent> <command…>}. */
  public static void main(String[] args) throws Exception {
    AgentLayout layout = new AgentLayout(Path.of(args[0]));
    ContainerRuntime runtime = new ContainerRuntime(RuntimeSettings.of(layout).withCgroupParent(args[1]),
        ImageService.open(layout, ImageUsers.NONE), new SpecGenerator(HostRlimits.ofThisProcess(), args[1], () -> "x"));
    String[] command = java.util.Arrays.copyOfRange(args, 2, args.length);
    Container container = runtime.start(runtime.create(RuntimeFixture.run(command).build()).id());
    System.out.println(container.id());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
