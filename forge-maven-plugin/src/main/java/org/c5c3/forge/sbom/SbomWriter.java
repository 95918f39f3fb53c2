package org.c5c3.forge.sbom;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StringSerializer;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;
import org.cyclonedx.Version;
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

  /** Schema messages can quote a whole enumeration (every SPDX id); keep the start. */
  private static final int MAX_ERROR_LENGTH = 200;

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
    List<String> errors = new ArrayList<>();
    try {
      // cyclonedx-core-java's own 1.6 schema (with its SPDX and JSF schemas, no network); asked
      // directly rather than through JsonParser.validate so each error keeps its JSON location.
      Schema schema = new JsonParser().getJsonSchema(SPEC_VERSION, MAPPER);
      for (com.networknt.schema.Error error : schema.validate(MAPPER.readTree(json))) {
        String message = error.getMessage();
        if (message.length() > MAX_ERROR_LENGTH) {
          message = message.substring(0, MAX_ERROR_LENGTH) + "...";
        }
        errors.add(error.getInstanceLocation() + ": " + message);
      }
    } catch (IOException e) {
      throw new ForgeException("Cannot validate the SBOM against CycloneDX 1.6: " + e.getMessage(), e);
    }
    if (!errors.isEmpty()) {
      throw new ForgeException(
          "The generated SBOM is not valid CycloneDX 1.6 JSON ("
              + errors.size()
              + " error(s)); this is a forge bug, please report it with the image name:\n  "
              + errors.stream().sorted().collect(Collectors.joining("\n  ")));
    }
  }

  /** JSON bytes without validation; the generator hashes these for the serial number. */
  static byte[] toJson(Bom bom) {
    try {
      String text =
          MAPPER.writer(PRINTER).writeValueAsString(new VerbatimJsonGenerator(bom).toJsonNode());
      return (text + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new ForgeException("Cannot serialise the SBOM as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * cyclonedx-core-java's JSON generator passes every string through a serializer that trims it
   * and turns line breaks and tabs into single spaces: a patch in {@code diff.text} would come out
   * as one line and no longer apply. Strings are written verbatim instead (Jackson consults the
   * most recently registered serializers first). Its {@code Diff} also writes a missing
   * {@code url} as {@code null}, which the schema rejects; nulls are left out.
   */
  private static final class VerbatimJsonGenerator extends BomJsonGenerator {
    VerbatimJsonGenerator(Bom bom) {
      super(bom, SPEC_VERSION);
      mapper.registerModule(new SimpleModule("forge-verbatim-strings").addSerializer(String.class, new StringSerializer()));
      mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
  }
}
