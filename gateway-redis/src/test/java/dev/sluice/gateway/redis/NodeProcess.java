package dev.sluice.gateway.redis;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * An {@link AcceptanceNodeMain} in its own JVM: its output read line by line (what it holds, the
 * last state of each shard, every other line), its stdin for commands, and real signals to its PID.
 */
final class NodeProcess {

  final String name;
  final Process process;
  final AtomicReference<List<Integer>> holding = new AtomicReference<>(List.of());
  final Map<Integer, String> states = new ConcurrentHashMap<>();
  final List<String> output = new CopyOnWriteArrayList<>();
  private final Writer stdin;

  /** Starts {@code AcceptanceNodeMain args}; {@code lines} sees every line (the EV lines too). */
  NodeProcess(String name, List<String> args, Consumer<String> lines) {
    this.name = name;
    List<String> options = new ArrayList<>(ChildProcess.SMALL_JVM);
    options.add("-XX:+UseSerialGC");
    try {
      process = ChildProcess.java(options, AcceptanceNodeMain.class, args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    ChildProcess.follow(
        process,
        "node-" + name,
        line -> read(line, lines),
        e -> {
          if (e != null) {
            output.add("read failed: " + e);
          }
        });
  }

  private void read(String line, Consumer<String> lines) {
    lines.accept(line);
    if (!line.startsWith("EV ") && !line.startsWith("GRANT ")) {
      output.add(line);
    }
    if (line.startsWith("HOLD [")) {
      String ids = line.substring(6, line.length() - 1).trim();
      holding.set(
          ids.isEmpty()
              ? List.of()
              : Arrays.stream(ids.split(",")).map(s -> Integer.parseInt(s.trim())).toList());
    } else if (line.startsWith("STATE ")) {
      String[] parts = line.split(" ", 3);
      states.put(Integer.parseInt(parts[1]), parts[2]);
    }
  }

  /** The shards this node runs, as it last printed. */
  List<Integer> holds() {
    return holding.get();
  }

  /** Writes one command line to the node's stdin. */
  void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a real signal ({@code TERM}, {@code STOP}, {@code CONT}) to the node's PID. */
  void signal(String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Whether the node printed a line starting with {@code prefix} (outside the event lines). */
  boolean printed(String prefix) {
    return output.stream().anyMatch(l -> l.startsWith(prefix));
  }

  void kill() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return name + " holds " + holds();
  }
}
