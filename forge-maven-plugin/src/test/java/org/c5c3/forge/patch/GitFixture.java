package org.c5c3.forge.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real git repository driven through the {@code git} CLI, so that patches in tests are exactly
 * what {@code git format-patch} writes.
 */
final class GitFixture {

  final Path dir;
  private int tick;

  private GitFixture(Path dir) {
    this.dir = dir;
  }

  static GitFixture init(Path dir) throws IOException {
    Files.createDirectories(dir);
    GitFixture git = new GitFixture(dir);
    git.git("init", "-q", "-b", "main");
    git.git("config", "user.name", "Forge Test");
    git.git("config", "user.email", "forge@example.org");
    git.git("config", "core.autocrlf", "false");
    return git;
  }

  /** An existing repository, e.g. one cloned with JGit. */
  static GitFixture open(Path dir) {
    return new GitFixture(dir);
  }

  GitFixture write(String path, String content) throws IOException {
    return writeBytes(path, content.getBytes(StandardCharsets.UTF_8));
  }

  GitFixture writeBytes(String path, byte[] content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return this;
  }

  GitFixture chmod(String path, String permissions) throws IOException {
    Files.setPosixFilePermissions(dir.resolve(path), PosixFilePermissions.fromString(permissions));
    return this;
  }

  String read(String path) throws IOException {
    return Files.readString(dir.resolve(path));
  }

  /** Stages everything and commits with a fixed, increasing date; returns the commit id. */
  String commit(String message) throws IOException {
    git("add", "-A");
    String date = "2026-01-0" + (1 + tick % 9) + "T10:00:0" + (tick++ % 10) + "+00:00";
    run(Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date), "commit", "-q", "-m", message);
    return head();
  }

  String head() throws IOException {
    return git("rev-parse", "HEAD").strip();
  }

  /** {@code git format-patch <range> -o <out> [extra]}; returns the written files in order. */
  List<Path> formatPatch(String range, Path out, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("format-patch", range, "-o", out.toString()));
    args.addAll(List.of(extra));
    String listing = git(args.toArray(String[]::new));
    List<Path> files = new ArrayList<>();
    listing.lines().filter(l -> !l.isBlank()).forEach(l -> files.add(Path.of(l.strip())));
    return files;
  }

  void resetHard(String rev) throws IOException {
    git("reset", "-q", "--hard", rev);
    git("clean", "-q", "-fdx");
  }

  /** {@code git status --porcelain}: empty when the work tree and index match HEAD. */
  String status() throws IOException {
    return git("status", "--porcelain", "--untracked-files=all");
  }

  String git(String... args) throws IOException {
    return run(Map.of(), args);
  }

  private String run(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    pb.environment().putAll(env);
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertEquals(0, process.waitFor(), () -> String.join(" ", command) + " failed:\n" + output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return output;
  }
}
