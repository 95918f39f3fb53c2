package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagPolicyTest {

  private static final String SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

  private static ImageTags serviceTags(String branch) {
    return ImageTags.forService("28.0.0", 1, "2025.2", RepositoryState.of(branch, SHA, false));
  }

  @Test
  void byDefaultOnlyMainMovesTheReleaseTag() {
    TagPolicy policy = TagPolicy.defaults();
    assertEquals(
        List.of("28.0.0", "28.0.0-p1", "2025.2-main", "2025.2-a1b2c3d", "28.0.0-p1-main-a1b2c3d"),
        policy.select(serviceTags("main"), "main").names());
    assertEquals(
        List.of("28.0.0-p1", "2025.2-feature-x", "2025.2-a1b2c3d", "28.0.0-p1-feature-x-a1b2c3d"),
        policy.select(serviceTags("feature/x"), "feature/x").names());
  }

  @Test
  void byDefaultOnlyMainMovesTheBaseImagesLatestAndFlavour() {
    ImageTags base = ImageTags.forBase("3.12-noble", RepositoryState.of("feature/x", SHA, false));
    assertEquals(List.of(SHA), TagPolicy.defaults().select(base, "feature/x").names());
    assertEquals(List.of("latest", SHA, "3.12-noble"), TagPolicy.defaults().select(base, "main").names());
  }

  @Test
  void aPolicyOverridesOnlyTheKindsItNames() {
    TagPolicy policy = TagPolicy.parse(" version : main , stable/* ; composite:- ");
    assertTrue(policy.allows(TagKind.VERSION, "stable/2025.2"));
    assertFalse(policy.allows(TagKind.VERSION, "stable"));
    assertFalse(policy.allows(TagKind.COMPOSITE, "main"));
    assertTrue(policy.allows(TagKind.SHA, "anything/at/all"));
    assertEquals(List.of("main"), policy.patterns(TagKind.LATEST));
  }

  @Test
  void globsMatchTheWholeRawBranchName() {
    assertTrue(TagPolicy.globMatches("stable/*", "stable/2025.2"));
    assertTrue(TagPolicy.globMatches("*", "a/b/c"));
    assertTrue(TagPolicy.globMatches("release-202?.?", "release-2025.2"));
    assertFalse(TagPolicy.globMatches("main", "main2"));
    assertFalse(TagPolicy.globMatches("stable/*", "stable-2025.2"));
    // regex characters in a branch pattern mean themselves
    assertFalse(TagPolicy.globMatches("v1.0", "v1x0"));
  }

  @Test
  void emptyAndBlankAreTheDefault() {
    assertEquals(TagPolicy.defaults(), TagPolicy.parse(""));
    assertEquals(TagPolicy.defaults(), TagPolicy.parse("  "));
    assertEquals(TagPolicy.defaults(), TagPolicy.parse(null));
    assertEquals(TagPolicy.DEFAULT_SPEC, TagPolicy.defaults().toString());
  }

  @Test
  void toStringReadsBack() {
    TagPolicy policy = TagPolicy.parse("version:main,stable/*;latest:-;sha:main;");
    assertEquals(
        "version:main,stable/*;patch:*;branch:*;sha:main;composite:*;latest:-;commit:*;flavour:main",
        policy.toString());
    assertEquals(policy, TagPolicy.parse(policy.toString()));
  }

  @Test
  void kindNamesIgnoreCase() {
    assertFalse(TagPolicy.parse("VERSION:-").allows(TagKind.VERSION, "main"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "version main", "nightly:*", "version:main;version:*", "version:", "version:main,,x",
      "version:-,main", "version:ma in"})
  void mistakesAreReportedWithTheSpecAndHowToWriteIt(String spec) {
    ForgeException e = assertThrows(ForgeException.class, () -> TagPolicy.parse(spec));
    assertTrue(e.getMessage().startsWith("Invalid tag policy '" + spec + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("Known kinds: version, patch, branch, sha, composite,"
        + " latest, commit, flavour."), e.getMessage());
  }

  @Test
  void errorsSayWhatIsWrong() {
    assertTrue(message("version main").contains("clause 'version main' has no ':'"));
    assertTrue(message("nightly:*").contains("Unknown tag kind 'nightly'"));
    assertTrue(message("sha:main;SHA:*").contains("kind 'sha' is named twice"));
    assertTrue(message("version:").contains("kind 'version' has an empty branch pattern"));
    assertTrue(message("version:-,main").contains("mixes '-'"));
  }

  private static String message(String spec) {
    return assertThrows(ForgeException.class, () -> TagPolicy.parse(spec)).getMessage();
  }
}
