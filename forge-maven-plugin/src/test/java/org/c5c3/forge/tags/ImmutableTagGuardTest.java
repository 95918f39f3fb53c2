package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard against a real registry, with real images pushed by Jib. */
class ImmutableTagGuardTest {

  private static final RepositoryState MAIN =
      RepositoryState.of("main", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", false);
  private static final ImageTags TAGS = ImageTags.forService("28.0.0", 1, "2025.2", MAIN);

  @TempDir Path tmp;

  @Test
  void aFirstPushPushesEveryTag() throws Exception {
    TestRegistry registry = TestRegistry.fromSystemProperty();
    String repository = registry.uniqueRepository("guard");
    String digest = "sha256:" + "0".repeat(64);

    PushPlan plan =
        new ImmutableTagGuard(RegistryTagLookup.forImage(repository, null, true))
            .plan(repository, digest, TAGS);

    assertEquals(TAGS.names(), plan.tagNames());
    assertEquals(List.of(), plan.alreadyInPlace());
  }

  @Test
  void rebuildingTheSameContentLeavesImmutableTagsAlone() throws Exception {
    TestRegistry registry = TestRegistry.fromSystemProperty();
    String repository = registry.uniqueRepository("guard");
    String digest = TestRegistry.pushImage(repository, tmp, "same", TAGS.names().toArray(String[]::new));

    PushPlan plan =
        new ImmutableTagGuard(RegistryTagLookup.forImage(repository, null, true))
            .plan(repository, digest, TAGS);

    assertEquals(List.of("28.0.0", "28.0.0-p1", "2025.2-main"), plan.tagNames());
    assertEquals(List.of("2025.2-a1b2c3d", "28.0.0-p1-main-a1b2c3d"),
        plan.alreadyInPlace().stream().map(ImageTag::name).toList());
    assertTrue(plan.summary().contains("already in place: 2025.2-a1b2c3d"), plan.summary());
  }

  @Test
  void otherContentUnderAnImmutableTagStopsThePushAndNamesBothDigests() throws Exception {
    TestRegistry registry = TestRegistry.fromSystemProperty();
    String repository = registry.uniqueRepository("guard");
    // Only the short-SHA tag exists, holding something else; the composite is free.
    String old = TestRegistry.pushImage(repository, tmp, "old content", "2025.2-a1b2c3d");
    String fresh = TestRegistry.pushImage(registry.uniqueRepository("elsewhere"), tmp, "new", "x");

    ImmutableTagGuard guard =
        new ImmutableTagGuard(RegistryTagLookup.forImage(repository, null, true));
    ForgeException e =
        assertThrows(ForgeException.class, () -> guard.plan(repository, fresh, TAGS));

    assertTrue(e.getMessage().contains(repository + ":2025.2-a1b2c3d is " + old
        + ", this build is " + fresh), e.getMessage());
    assertTrue(e.getMessage().contains("Nothing was pushed"), e.getMessage());
    // the free composite tag is not reported as a conflict
    assertTrue(!e.getMessage().contains("28.0.0-p1-main-a1b2c3d is"), e.getMessage());
    // and the registry still holds the old content
    assertEquals(java.util.Optional.of(old),
        RegistryTagLookup.forImage(repository, null, true).digestOf("2025.2-a1b2c3d"));
  }

  @Test
  void mutableTagsAreNeverLookedUp() {
    // No registry needed: a lookup that fails proves mutable tags never reach it.
    ImageTags mutableOnly = ImageTags.of(TAGS.mutable());
    PushPlan plan = new ImmutableTagGuard(tag -> {
      throw new AssertionError("looked up mutable tag " + tag);
    }).plan("r", "sha256:" + "1".repeat(64), mutableOnly);
    assertEquals(List.of("28.0.0", "28.0.0-p1", "2025.2-main"), plan.tagNames());
  }

  @Test
  void aDigestMustLookLikeOne() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> new ImmutableTagGuard(tag -> java.util.Optional.empty()).plan("r", "latest", TAGS));
    assertTrue(e.getMessage().contains("'latest'"), e.getMessage());
  }
}
