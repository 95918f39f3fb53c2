package org.c5c3.forge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

  @Test
  void outputIsCapturedAndEchoedLineByLine() {
    List<String> echoed = Collections.synchronizedList(new ArrayList<>());
    CommandRunner.Result r = new CommandRunner(echoed::add)
        .run(List.of("sh", "-c", "printf 'one\\ntwo\\n'; printf 'err' >&2"), Map.of(), true);
    assertEquals(0, r.exitCode());
    assertEquals("one\ntwo\n", r.stdout());
    assertEquals("err", r.stderr());
    assertTrue(echoed.containsAll(List.of("one", "two", "err")), echoed.toString());
  }

  @Test
  void checkFailsWithWhatWasBeingDoneTheCommandAndItsStderr() {
    ForgeException e = assertThrows(ForgeException.class, () -> new CommandRunner(line -> {})
        .check(List.of("sh", "-c", "echo out; echo 'the real reason' >&2; exit 3"), false, "testing"));
    assertEquals("testing failed (exit 3): sh -c echo out; echo 'the real reason' >&2; exit 3\nthe real reason",
        e.getMessage());
  }

  @Test
  void theRunnersEnvironmentReachesTheCommandAndPerCallValuesWin() {
    CommandRunner runner = new CommandRunner(line -> {}, Map.of("FORGE_A", "runner", "FORGE_B", "runner"));
    assertEquals("runner call\n",
        runner.run(List.of("sh", "-c", "echo $FORGE_A $FORGE_B"), Map.of("FORGE_B", "call"), false).stdout());
  }

  @Test
  void aPathInTheEnvironmentDecidesWhereCommandsAreFound() {
    CommandRunner runner = new CommandRunner(line -> {}, Map.of("PATH", "/nonexistent"));
    ForgeException e = assertThrows(ForgeException.class, () -> runner.run(List.of("sh", "-c", "true"), Map.of(), false));
    assertEquals("could not start `sh`: not found in PATH /nonexistent", e.getMessage());
    // An absolute program needs no lookup.
    assertEquals(0, runner.run(List.of("/bin/sh", "-c", "true"), Map.of(), false).exitCode());
  }
}
