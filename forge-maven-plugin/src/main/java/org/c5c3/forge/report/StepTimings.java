package org.c5c3.forge.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall-clock milliseconds per build step, in the order the steps ran. */
public final class StepTimings {

  private final Map<String, Long> millis = new LinkedHashMap<>();

  public <T> T time(String step, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      millis.merge(step, (System.nanoTime() - start) / 1_000_000, Long::sum);
    }
  }

  public void time(String step, Runnable work) {
    time(step, () -> {
      work.run();
      return null;
    });
  }

  public Map<String, Long> asMap() {
    return Map.copyOf(millis).isEmpty() ? Map.of() : new LinkedHashMap<>(millis);
  }
}
