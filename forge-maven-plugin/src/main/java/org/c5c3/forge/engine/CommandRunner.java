package org.c5c3.forge.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.c5c3.forge.ForgeException;

/**
 * Runs an engine's command line and captures what it prints. Output lines are also passed to a
 * log sink as they come, so a long apt-get or installer run shows progress in the Maven log.
 */
public final class CommandRunner {

  /** What a finished command returned. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  private final Consumer<String> log;
  private final Map<String, String> environment;

  public CommandRunner(Consumer<String> log) {
    this(log, Map.of());
  }

  /**
   * @param environment variables set for every command on top of this process's own, e.g. a
   *     {@code CONTAINERS_CONF}; a {@code PATH} here also decides where commands are found
   */
  public CommandRunner(Consumer<String> log, Map<String, String> environment) {
    this.log = log;
    this.environment = Map.copyOf(environment);
  }

  /** Runs and returns whatever happened; the caller decides what a non-zero exit means. */
  public Result run(List<String> command, Map<String, String> env, boolean echo) {
    ProcessBuilder pb = new ProcessBuilder(executable(command));
    pb.environment().putAll(environment);
    pb.environment().putAll(env);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new ForgeException("could not start `" + command.get(0) + "`: " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close();
      StreamPump out = new StreamPump(process.getInputStream(), echo ? log : null);
      StreamPump err = new StreamPump(process.getErrorStream(), echo ? log : null);
      out.start();
      err.start();
      int code = process.waitFor();
      out.join();
      err.join();
      return new Result(List.copyOf(command), code, out.text(), err.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ForgeException("interrupted while running " + String.join(" ", command), e);
    }
  }

  /**
   * The command with its program looked up in the configured {@code PATH}: the JDK searches
   * only this process's own PATH, whatever the child's environment says.
   */
  private List<String> executable(List<String> command) {
    String path = environment.get("PATH");
    String program = command.get(0);
    if (path == null || program.contains("/")) {
      return command;
    }
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, candidate.toString());
        return resolved;
      }
    }
    throw new ForgeException("could not start `" + program + "`: not found in PATH " + path);
  }

  /** Passes a line of the caller's to the same log sink as the commands' output. */
  public void report(String line) {
    log.accept(line);
  }

  /** Runs and fails with the command's own error text when it exits non-zero. */
  public Result check(List<String> command, boolean echo, String whatWasBeingDone) {
    return require(run(command, Map.of(), echo), whatWasBeingDone);
  }

  /** {@code result} if it succeeded; else the failure with the command's own error text. */
  public static Result require(Result result, String whatWasBeingDone) {
    if (!result.succeeded()) {
      String err = tail(result.stderr().isBlank() ? result.stdout() : result.stderr(), 40);
      throw new ForgeException(whatWasBeingDone + " failed (exit " + result.exitCode() + "): "
          + String.join(" ", result.command()) + "\n" + err);
    }
    return result;
  }

  static String tail(String text, int lines) {
    String[] all = text.strip().split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
  }

  /** Reads one stream of the child fully, line by line, so the child never blocks on a full pipe. */
  private static final class StreamPump extends Thread {
    private final InputStream in;
    private final Consumer<String> sink;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StreamPump(InputStream in, Consumer<String> sink) {
      this.in = in;
      this.sink = sink;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
          buffer.write(b);
          if (sink != null) {
            if (b == '\n') {
              sink.accept(line.toString(StandardCharsets.UTF_8));
              line.reset();
            } else {
              line.write(b);
            }
          }
        }
        if (sink != null && line.size() > 0) {
          sink.accept(line.toString(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // The child died; its exit code tells the story.
      }
    }

    String text() {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }
}
