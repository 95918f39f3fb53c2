package org.c5c3.forge.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.c5c3.forge.ForgeException;

/**
 * The predicate of forge's vulnerability-scan attestation, in cosign's vuln/v1 shape
 * ({@code https://cosign.sigstore.dev/attestation/vuln/v1}): who scanned (forge, its version),
 * against which advisories ({@code scanner.db}), the result (forge's {@code scan.json} as it is),
 * and when ({@code metadata}). The policy the scan ran with is the invocation's parameters.
 */
public final class ScanAttestationPredicate {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScanAttestationPredicate() {}

  /** The predicate for {@code scanJson} (what forge:scan wrote) made by forge {@code forgeVersion}. */
  public static byte[] of(byte[] scanJson, String forgeVersion) {
    JsonNode scan;
    try {
      scan = JSON.readTree(scanJson);
    } catch (IOException e) {
      throw new ForgeException("the scan result is not JSON: " + e.getMessage(), e);
    }
    if (scan == null || !scan.isObject() || !scan.has("findings") || !scan.has("scannedAt")) {
      throw new ForgeException("the scan result is not a forge:scan scan.json (no findings or scannedAt)");
    }
    ObjectNode predicate = JSON.createObjectNode();
    ObjectNode invocation = predicate.putObject("invocation");
    ObjectNode parameters = invocation.putObject("parameters");
    parameters.set("failOn", scan.path("failOn"));
    parameters.set("ignoreUnfixed", scan.path("ignoreUnfixed"));
    invocation.put("uri", "");
    invocation.put("event_id", "");
    invocation.put("builder.id", "");
    ObjectNode scanner = predicate.putObject("scanner");
    scanner.put("uri", "pkg:maven/org.c5c3.forge/forge-maven-plugin@" + forgeVersion);
    scanner.put("version", forgeVersion);
    ObjectNode db = scanner.putObject("db");
    db.put("uri", String.join(",", JSON.convertValue(scan.path("advisorySources"), String[].class)));
    db.put("version", scan.path("advisories").asInt() + " OSV records");
    scanner.set("result", scan);
    ObjectNode metadata = predicate.putObject("metadata");
    metadata.set("scanStartedOn", scan.path("scannedAt"));
    metadata.set("scanFinishedOn", scan.path("scannedAt"));
    try {
      return JSON.writeValueAsBytes(predicate);
    } catch (IOException e) {
      throw new ForgeException("cannot write the scan attestation predicate: " + e.getMessage(), e);
    }
  }
}
