package dev.berth.agent.events;

/**
 * The actions dockerd reports, as they appear in an event's {@code Action}. Health and exec
 * actions carry a detail after a colon ({@code health_status: healthy}, {@code exec_start: sh}).
 */
public final class EventAction {
  // containers
  public static final String CREATE = "create";
  public static final String START = "start";
  public static final String RESTART = "restart";
  public static final String STOP = "stop";
  public static final String KILL = "kill";
  public static final String DIE = "die";
  public static final String OOM = "oom";
  public static final String DESTROY = "destroy";
  public static final String RENAME = "rename";
  public static final String ATTACH = "attach";
  public static final String DETACH = "detach";
  public static final String PAUSE = "pause";
  public static final String UNPAUSE = "unpause";
  public static final String UPDATE = "update";
  public static final String RESIZE = "resize";
  public static final String TOP = "top";
  public static final String COPY = "copy";
  public static final String ARCHIVE_PATH = "archive-path";
  public static final String EXTRACT_TO_DIR = "extract-to-dir";
  public static final String EXPORT = "export";
  public static final String COMMIT = "commit";
  public static final String EXEC_DIE = "exec_die";
  // images
  public static final String PULL = "pull";
  public static final String PUSH = "push";
  public static final String TAG = "tag";
  public static final String UNTAG = "untag";
  public static final String DELETE = "delete";
  public static final String IMPORT = "import";
  public static final String LOAD = "load";
  public static final String SAVE = "save";
  // containers, images, volumes, networks
  public static final String PRUNE = "prune";

  private EventAction() {}

  /** {@code health_status: healthy} (or {@code unhealthy}, {@code starting}). */
  public static String healthStatus(String status) {
    return "health_status: " + status;
  }

  /** {@code exec_create: <command line>}. */
  public static String execCreate(String commandLine) {
    return "exec_create: " + commandLine;
  }

  /** {@code exec_start: <command line>}. */
  public static String execStart(String commandLine) {
    return "exec_start: " + commandLine;
  }
}
