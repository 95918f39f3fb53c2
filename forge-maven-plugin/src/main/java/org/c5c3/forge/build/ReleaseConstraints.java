package org.c5c3.forge.build;

import java.nio.file.Path;
import org.c5c3.forge.constraints.ConstraintOverrides;
import org.c5c3.forge.constraints.ConstraintsPin;
import org.c5c3.forge.constraints.EffectiveConstraints;
import org.c5c3.forge.constraints.UpperConstraints;
import org.c5c3.forge.constraints.UpperConstraintsFetcher;

/**
 * The constraints of one release: {@code constraints/<release>/requirements.ref} pins upstream's
 * upper-constraints by commit, the fetcher brings (and caches) that file, and
 * {@code overrides.txt} changes it.
 *
 * @param root the repository's {@code constraints/} directory
 * @param release e.g. {@code 2025.2}
 * @param fetcher where upstream files come from
 */
public record ReleaseConstraints(Path root, String release, UpperConstraintsFetcher fetcher) {

  public ConstraintsPin pin() {
    return ConstraintsPin.read(root, release);
  }

  /** The pinned upstream file. */
  public UpperConstraints upstream() {
    return fetcher.fetch(pin());
  }

  /** Upstream with this release's overrides applied. */
  public EffectiveConstraints effective() {
    ConstraintsPin pin = pin();
    return EffectiveConstraints.of(fetcher.fetch(pin), ConstraintOverrides.read(pin.overridesFile()));
  }
}
