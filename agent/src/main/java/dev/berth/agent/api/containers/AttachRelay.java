package dev.berth.agent.api.containers;

import dev.berth.agent.runtime.LogFollower;
import dev.berth.agent.runtime.LogLine;
import dev.berth.agent.runtime.attach.AttachSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays a hijacked Docker API connection to conmon's attach socket: the client's bytes become
 * the process's stdin (on a thread of their own), the process's output goes back framed as a
 * {@link MultiplexedStream} (raw with a TTY), until the process's output ends or the client goes.
 * The end of the client's input ends stdin; with a TTY, Docker's detach keys (ctrl-p ctrl-q)
 * leave the process running and end the relay.
 *
 * <p>Without a TTY the output is read from conmon's log instead of the socket: conmon sends
 * output only to connections it has accepted, which its event loop may do after a fast process
 * already wrote (and exited) on a loaded host; its log has every byte, and is complete before
 * conmon closes the socket, whose end therefore ends the relay. A terminal is interactive, so
 * its output comes from the socket, at once.
 */
final class AttachRelay {
  private static final byte CTRL_P = 0x10;
  private static final byte CTRL_Q = 0x11;

  private final AttachSocket socket;
  private final boolean tty;
  private final boolean stdout;
  private final boolean stderr;

  /** A relay over {@code socket} for a process with or without a {@code tty}, passing the streams asked for. */
  AttachRelay(AttachSocket socket, boolean tty, boolean stdout, boolean stderr) {
    this.socket = socket;
    this.tty = tty;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Relays until the output ends; {@code input} is forwarded when {@code stdin}, else only read
   * so a client that goes away is noticed. Closes the socket at the end.
   */
  void run(InputStream input, boolean stdin, OutputStream output, String threadName) throws IOException {
    run(input, stdin, output, threadName, null);
  }

  /**
   * {@link #run(InputStream, boolean, OutputStream, String)}, the output (without a TTY) read
   * by {@code log} (a follower of conmon's k8s-file log, opened before the process ran), when given.
   */
  void run(InputStream input, boolean stdin, OutputStream output, String threadName, LogFollower log) throws IOException {
    Thread reader = new Thread(() -> forwardInput(input, stdin), threadName);
    reader.setDaemon(true);
    reader.start();
    MultiplexedStream out = new MultiplexedStream(output, tty, false);
    if (log != null && !tty) {
      try {
        relayLog(log, out);
      } finally {
        socket.close();
        reader.interrupt();
      }
      return;
    }
    byte[] packet = new byte[AttachSocket.MAX_PACKET];
    try {
      for (int length; (length = socket.read(packet)) > 0; ) {
        boolean isError = packet[0] == AttachSocket.STDERR;
        if (isError ? stderr : stdout) {
          out.write(isError ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT, Arrays.copyOfRange(packet, 1, length));
        }
      }
    } finally {
      socket.close();
      reader.interrupt();
    }
  }

  private void relayLog(LogFollower log, MultiplexedStream out) throws IOException {
    AtomicBoolean ended = new AtomicBoolean();
    Thread watcher = new Thread(() -> {
      byte[] packet = new byte[AttachSocket.MAX_PACKET];
      try {
        while (socket.read(packet) > 0) {
          // the output is the log's; the socket only tells when the process is over
        }
      } catch (IOException gone) {
        // over as well
      }
      ended.set(true);
    }, "attach-end-watch");
    watcher.setDaemon(true);
    watcher.start();
    log.follow(ended::get, record -> {
      if (record.stream() == LogLine.Stream.STDERR ? stderr : stdout) {
        out.write(record);
      }
    });
  }

  private void forwardInput(InputStream input, boolean stdin) {
    byte[] buffer = new byte[16 * 1024];
    boolean afterCtrlP = false;
    try {
      for (int count; (count = input.read(buffer)) >= 0; ) {
        if (!stdin || count == 0) {
          continue;
        }
        if (tty) {
          for (int i = 0; i < count; i++) {
            if (afterCtrlP && buffer[i] == CTRL_Q) {
              socket.close(); // detached: the relay ends, the process runs on
              return;
            }
            afterCtrlP = buffer[i] == CTRL_P;
          }
        }
        socket.write(buffer, 0, count);
      }
      if (stdin) {
        socket.closeInput();
      }
    } catch (IOException clientGone) {
      socket.close();
    }
  }
}
