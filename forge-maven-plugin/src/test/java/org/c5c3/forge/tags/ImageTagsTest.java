package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;

class ImageTagsTest {

  private static final String SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  private static final RepositoryState MAIN = RepositoryState.of("main", SHA, false);

  @Test
  void serviceTagsFollowTheSchema() {
    ImageTags tags = ImageTags.forService("28.0.0", 1, "2025.2", MAIN);
    assertEquals(
        List.of("28.0.0", "28.0.0-p1", "2025.2-main", "2025.2-a1b2c3d", "28.0.0-p1-main-a1b2c3d"),
        tags.names());
    assertEquals(List.of("2025.2-a1b2c3d", "28.0.0-p1-main-a1b2c3d"),
        tags.immutable().stream().map(ImageTag::name).toList());
    assertEquals(List.of(TagKind.VERSION, TagKind.PATCH, TagKind.BRANCH, TagKind.SHA,
        TagKind.COMPOSITE), tags.all().stream().map(ImageTag::kind).toList());
  }

  @Test
  void noPatchesMeansNoPatchTagButTheCompositeKeepsItsShape() {
    ImageTags tags = ImageTags.forService("28.0.0", 0, "2025.2", MAIN);
    assertFalse(tags.names().contains("28.0.0-p0"));
    assertTrue(tags.ofKind(TagKind.PATCH).isEmpty());
    assertEquals("28.0.0-p0-main-a1b2c3d", tags.ofKind(TagKind.COMPOSITE).orElseThrow().name());
  }

  @Test
  void branchSlashesBecomeDashes() {
    RepositoryState stable = RepositoryState.of("stable/2025.2", SHA, false);
    ImageTags tags = ImageTags.forService("28.0.1-dev3-g0123abc", 2, "2025.2", stable);
    assertEquals("2025.2-stable-2025.2", tags.ofKind(TagKind.BRANCH).orElseThrow().name());
    assertEquals("28.0.1-dev3-g0123abc-p2-stable-2025.2-a1b2c3d",
        tags.ofKind(TagKind.COMPOSITE).orElseThrow().name());
  }

  @Test
  void sanitisingReplacesEveryCharacterTheGrammarForbids() {
    assertEquals("feature-a-b-c", ImageTags.sanitiseBranch("feature/a+b@c"));
    assertEquals("x", ImageTags.sanitiseBranch(".-x"));
    assertEquals("dependabot-pip-requests-2.32", ImageTags.sanitiseBranch("dependabot/pip/requests-2.32"));
  }

  @Test
  void aBranchWithNothingUsableIsNamedInTheError() {
    ForgeException e = assertThrows(ForgeException.class, () -> ImageTags.sanitiseBranch("..."));
    assertTrue(e.getMessage().contains("'...'"), e.getMessage());
  }

  @Test
  void longBranchesAreCutSoEveryTagFitsTheGrammar() {
    RepositoryState longBranch = RepositoryState.of("feature/" + "x".repeat(200), SHA, false);
    ImageTags tags = ImageTags.forService("28.0.0", 3, "2025.2", longBranch);
    for (ImageTag tag : tags.all()) {
      assertTrue(tag.name().length() <= 128, tag.name());
      assertTrue(ImageTag.GRAMMAR.matcher(tag.name()).matches(), tag.name());
    }
    // the commit must survive the cut: it is what makes the composite unique
    assertTrue(tags.ofKind(TagKind.COMPOSITE).orElseThrow().name().endsWith("-a1b2c3d"));
  }

  @Test
  void anInvalidVersionIsNamedInTheError() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> ImageTags.forService("28.0.0+local", 0, "2025.2", MAIN));
    assertTrue(e.getMessage().contains("'28.0.0+local'"), e.getMessage());
    assertTrue(e.getMessage().contains("upstream version"), e.getMessage());
  }

  @Test
  void baseImageTags() {
    ImageTags tags = ImageTags.forBase("3.12-noble", MAIN);
    assertEquals(List.of("latest", SHA, "3.12-noble"), tags.names());
    assertEquals(List.of(SHA), tags.immutable().stream().map(ImageTag::name).toList());
  }

  @Test
  void anInvalidFlavourIsNamedInTheError() {
    ForgeException e =
        assertThrows(ForgeException.class, () -> ImageTags.forBase("3.12 noble", MAIN));
    assertTrue(e.getMessage().contains("'3.12 noble'"), e.getMessage());
  }

  @Test
  void theGrammarIsTheOciOne() {
    assertThrows(ForgeException.class, () -> ImageTag.of(TagKind.BRANCH, "-x"));
    assertThrows(ForgeException.class, () -> ImageTag.of(TagKind.BRANCH, ".x"));
    assertThrows(ForgeException.class, () -> ImageTag.of(TagKind.BRANCH, "x".repeat(129)));
    assertEquals(128, ImageTag.of(TagKind.BRANCH, "_".repeat(128)).name().length());
  }

  @Test
  void theSameNameTwiceIsRefused() {
    ForgeException e = assertThrows(ForgeException.class, () -> ImageTags.of(List.of(
        ImageTag.of(TagKind.VERSION, "main"), ImageTag.of(TagKind.BRANCH, "main"))));
    assertTrue(e.getMessage().contains("'main'"), e.getMessage());
  }
}
