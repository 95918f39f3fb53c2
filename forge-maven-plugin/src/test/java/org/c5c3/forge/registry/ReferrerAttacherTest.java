package org.c5c3.forge.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.c5c3.forge.sign.BundleVerifier;
import org.c5c3.forge.sign.InTotoStatement;
import org.c5c3.forge.sign.LocalKeySigner;
import org.c5c3.forge.sign.Sha256Digest;
import org.c5c3.forge.sign.SignedBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signs a real image pushed by Jib to the real local registry, attaches the bundles as OCI 1.1
 * referrers and finds them again through the tag-schema fallback (distribution 2.8 has no
 * referrers API).
 */
class ReferrerAttacherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SBOM =
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private RegistryClient client;
  private ReferrerAttacher attacher;
  private String repo;
  private Descriptor image;
  private LocalKeySigner signer;

  @BeforeEach
  void pushImage() throws Exception {
    client = TestRegistry.client();
    attacher = new ReferrerAttacher(client);
    repo = TestRegistry.freshRepository();
    Path file = Files.writeString(dir.resolve("hello.txt"), "hello " + repo);
    JibContainer container =
        Jib.fromScratch()
            .addLayer(List.of(file), AbsoluteUnixPath.get("/"))
            .containerize(
                Containerizer.to(RegistryImage.named(TestRegistry.address() + "/" + repo + ":t"))
                    .setAllowInsecureRegistries(true));
    image = client.head(repo, "t").orElseThrow();
    assertEquals(container.getDigest().toString(), image.digest());
    signer = LocalKeySigner.generate(dir.resolve("key.pem"));
  }

  private Descriptor attachAttestation() {
    Sha256Digest digest = Sha256Digest.parse(image.digest());
    byte[] statement = InTotoStatement.forSbom(TestRegistry.address() + "/" + repo, digest, SBOM).toJson();
    SignedBundle bundle = signer.signDsse(statement, InTotoStatement.PAYLOAD_TYPE);
    return attacher.attach(repo, image, SignedBundle.MEDIA_TYPE, SignedBundle.MEDIA_TYPE, bundle.json(),
        Map.of(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION, bundle.content().annotationValue(),
            ReferrerAttacher.BUNDLE_PREDICATE_TYPE_ANNOTATION, InTotoStatement.CYCLONEDX_PREDICATE_TYPE));
  }

  private Descriptor attachSignature() {
    SignedBundle bundle = signer.signDigest(Sha256Digest.parse(image.digest()).bytes());
    return attacher.attach(repo, image, SignedBundle.MEDIA_TYPE, SignedBundle.MEDIA_TYPE, bundle.json(),
        Map.of(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION, bundle.content().annotationValue()));
  }

  @Test
  void attachedBundlesAreFoundAndVerify() {
    Descriptor attestation = attachAttestation();
    Descriptor signature = attachSignature();

    List<Descriptor> found = attacher.findReferrers(repo, image.digest(), SignedBundle.MEDIA_TYPE);
    assertEquals(Set.of(attestation.digest(), signature.digest()),
        found.stream().map(Descriptor::digest).collect(Collectors.toSet()));

    BundleVerifier verifier = BundleVerifier.localKey(signer.publicKey());
    Sha256Digest digest = Sha256Digest.parse(image.digest());
    for (Descriptor referrer : found) {
      byte[] bundle = attacher.fetchArtifact(repo, referrer);
      String content = referrer.annotations().get(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION);
      if ("dsse-envelope".equals(content)) {
        InTotoStatement statement = InTotoStatement.parse(verifier.verifyAttestation(bundle, referrer.digest(), digest));
        assertEquals(InTotoStatement.CYCLONEDX_PREDICATE_TYPE, statement.predicateType());
      } else {
        assertEquals("message-signature", content);
        verifier.verifyDigestSignature(bundle, referrer.digest(), digest);
      }
    }
  }

  @Test
  void referrerManifestIsAnOci11ArtifactWithSubjectAndEmptyConfig() throws Exception {
    Descriptor attestation = attachAttestation();
    JsonNode manifest = JSON.readTree(client.getManifest(repo, attestation.digest()));
    assertEquals(SignedBundle.MEDIA_TYPE, manifest.path("artifactType").asText());
    assertEquals(image.digest(), manifest.path("subject").path("digest").asText());
    assertEquals(image.mediaType(), manifest.path("subject").path("mediaType").asText());
    assertEquals(ReferrerAttacher.EMPTY_MEDIA_TYPE, manifest.path("config").path("mediaType").asText());
    assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        manifest.path("config").path("digest").asText());
    assertEquals(1, manifest.path("layers").size());
    assertEquals(SignedBundle.MEDIA_TYPE, manifest.path("layers").get(0).path("mediaType").asText());
  }

  @Test
  void fallbackIndexIsARealTagThatKeepsEntries() throws Exception {
    Descriptor attestation = attachAttestation();
    Descriptor signature = attachSignature();
    attachAttestation(); // ECDSA signatures are randomised: a new bundle, a third entry
    Descriptor other = attacher.attach(repo, image, "application/vnd.example.note+json", "application/json",
        "{\"note\":1}".getBytes(StandardCharsets.UTF_8), Map.of());

    String tag = ReferrerAttacher.fallbackTag(image.digest());
    assertEquals("sha256-" + image.digest().substring("sha256:".length()), tag);
    JsonNode index = JSON.readTree(skopeoInspectRaw(repo + ":" + tag));
    assertEquals(RegistryClient.OCI_INDEX, index.path("mediaType").asText());
    Set<String> listed = index.path("manifests").findValuesAsText("digest").stream().collect(Collectors.toSet());
    assertEquals(4, index.path("manifests").size());
    assertTrue(listed.containsAll(Set.of(attestation.digest(), signature.digest(), other.digest())));

    assertEquals(3, attacher.findReferrers(repo, image.digest(), SignedBundle.MEDIA_TYPE).size());
    assertEquals(List.of(other), attacher.findReferrers(repo, image.digest(), "application/vnd.example.note+json"));
    assertEquals(4, attacher.findReferrers(repo, image.digest(), null).size());
  }

  @Test
  void attachingTheSameArtifactTwiceLeavesOneEntry() {
    byte[] note = "{\"same\":true}".getBytes(StandardCharsets.UTF_8);
    Descriptor first = attacher.attach(repo, image, "application/vnd.example.note+json", "application/json", note, Map.of());
    String indexDigest = client.head(repo, ReferrerAttacher.fallbackTag(image.digest())).orElseThrow().digest();
    Descriptor second = attacher.attach(repo, image, "application/vnd.example.note+json", "application/json", note, Map.of());
    assertEquals(first, second);
    assertEquals(indexDigest, client.head(repo, ReferrerAttacher.fallbackTag(image.digest())).orElseThrow().digest());
    assertEquals(List.of(first), attacher.findReferrers(repo, image.digest(), null));
  }

  @Test
  void imageWithoutReferrersHasNone() {
    assertEquals(List.of(), attacher.findReferrers(repo, image.digest(), null));
  }

  private static String skopeoInspectRaw(String repoAndTag) throws Exception {
    Process p = new ProcessBuilder("skopeo", "inspect", "--tls-verify=false", "--raw",
        "docker://" + TestRegistry.address() + "/" + repoAndTag).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
