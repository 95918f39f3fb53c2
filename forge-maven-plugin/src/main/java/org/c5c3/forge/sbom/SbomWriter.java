package org.c5c3.forge.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.json.BomJsonGenerator;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;

/**
 * Writes a {@link Bom} as CycloneDX 1.6 JSON and refuses to hand out a document the 1.6 schema
 * rejects. The bytes are the same on every platform: two-space indent, {@code \n} line ends (not
 * the platform's), a final newline.
 */
public final class SbomWriter {
  public static final Version SPEC_VERSION = Version.VERSION_16;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DefaultPrettyPrinter PRINTER =
      new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private SbomWriter() {}

  /** The SBOM as validated JSON bytes (UTF-8). */
  public static byte[] write(Bom bom) {
    byte[] json = toJson(bom);
    validate(json);
    return json;
  }

  /**
   * Checks JSON bytes against the CycloneDX 1.6 schema bundled with cyclonedx-core-java.
   *
   * @throws ForgeException listing every validation error
   */
  public static void validate(byte[] json) {
    List<ParseException> errors;
    try {
      errors = new JsonParser().validate(json, SPEC_VERSION);
    } catch (IOException e) {
      throw new ForgeException("Cannot validate the SBOM against CycloneDX 1.6: " + e.getMessage(), e);
    }
    if (!errors.isEmpty()) {
      throw new ForgeException(
          "The generated SBOM is not valid CycloneDX 1.6 JSON ("
              + errors.size()
              + " error(s)); this is a forge bug, please report it with the image name:\n  "
              + errors.stream().map(ParseException::getMessage).sorted().collect(Collectors.joining("\n  ")));
    }
  }

  /** JSON bytes without validation; the generator hashes these for the serial number. */
  static byte[] toJson(Bom bom) {
    try {
      String text =
          MAPPER.writer(PRINTER).writeValueAsString(new BomJsonGenerator(bom, SPEC_VERSION).toJsonNode());
      return (text + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new ForgeException("Cannot serialise the SBOM as JSON: " + e.getMessage(), e);
    }
  }
}
