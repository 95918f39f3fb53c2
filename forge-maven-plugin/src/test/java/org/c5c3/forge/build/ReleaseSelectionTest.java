package org.c5c3.forge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;

class ReleaseSelectionTest {

  private static final List<String> KNOWN = List.of("2025.1", "2025.2");
  private static final String DEFAULT = "2025.2";

  @Test
  void withoutAChoiceTheDefaultIsBuiltAndFlaggedAsDefaulted() {
    assertEquals(new ReleaseSelection("2025.2", true), ReleaseSelection.resolve(KNOWN, DEFAULT, null, List.of(), null));
    // The default profile (active by default) sets forge.release to the default: still the user's non-choice.
    assertEquals(new ReleaseSelection("2025.2", true),
        ReleaseSelection.resolve(KNOWN, DEFAULT, " ", List.of("it"), "2025.2"));
  }

  @Test
  void aReleaseProfileSelectsItsRelease() {
    assertEquals(new ReleaseSelection("2025.1", false),
        ReleaseSelection.resolve(KNOWN, DEFAULT, null, List.of("it", "2025.1"), "2025.1"));
    assertEquals(new ReleaseSelection("2025.1", false),
        ReleaseSelection.resolve(KNOWN, DEFAULT, null, List.of("+2025.1"), null));
  }

  @Test
  void thePropertySelectsItsReleaseAndWinsOverProfiles() {
    assertEquals(new ReleaseSelection("2025.1", false),
        ReleaseSelection.resolve(KNOWN, DEFAULT, " 2025.1 ", List.of(), null));
    assertEquals(new ReleaseSelection("2025.1", false),
        ReleaseSelection.resolve(KNOWN, DEFAULT, "2025.1", List.of("2025.2"), "2025.2"));
  }

  @Test
  void aReleaseSetByAnotherProfileIsNotDefaulted() {
    assertEquals(new ReleaseSelection("2025.1", false),
        ReleaseSelection.resolve(KNOWN, DEFAULT, null, List.of("epoxy"), "2025.1"));
  }

  @Test
  void anUnknownReleaseByPropertyListsTheKnownOnes() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> ReleaseSelection.resolve(KNOWN, DEFAULT, "2024.2", List.of(), null));
    assertTrue(e.getMessage().contains("'2024.2'"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dopenstack.release=2024.2"), e.getMessage());
    assertTrue(e.getMessage().contains("2025.1, 2025.2"), e.getMessage());
  }

  @Test
  void anUnknownReleaseByProfileListsTheKnownOnes() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> ReleaseSelection.resolve(KNOWN, DEFAULT, null, List.of("it", "2099.1"), null));
    assertTrue(e.getMessage().contains("'2099.1'"), e.getMessage());
    assertTrue(e.getMessage().contains("-P2099.1"), e.getMessage());
    assertTrue(e.getMessage().contains("2025.1, 2025.2"), e.getMessage());
  }

  @Test
  void twoReleaseProfilesAreRefused() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> ReleaseSelection.resolve(KNOWN, DEFAULT, null, List.of("2025.1", "+2025.2"), null));
    assertTrue(e.getMessage().contains("more than one release profile"), e.getMessage());
    assertTrue(e.getMessage().contains("2025.1") && e.getMessage().contains("2025.2"), e.getMessage());
  }
}
