package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real CNCF distribution registry (Debian's docker-registry), started for one test class on a
 * free loopback port, that demands authentication: either Basic (htpasswd) or Bearer tokens. For
 * the token flow this fixture is also the token service: it signs ES256 JWTs with a key whose
 * self-signed certificate is the registry's rootcertbundle, so the registry verifies them for
 * real. The user {@link #USER} with {@link #PASSWORD} gets what it asks for; anonymous callers
 * get pull access only (as ghcr.io does for public images).
 */
final class AuthenticatingRegistry implements AutoCloseable {

  static final String USER = "forge";
  static final String PASSWORD = "s3cret-" + UUID.randomUUID().toString().substring(0, 6);
  private static final String SERVICE = "forge-test-registry";
  private static final String ISSUER = "forge-test-issuer";

  final String address;
  private final Process registry;
  private final HttpServer tokenServer;

  private AuthenticatingRegistry(String address, Process registry, HttpServer tokenServer) {
    this.address = address;
    this.registry = registry;
    this.tokenServer = tokenServer;
  }

  /** Skips unless registry tests are enabled and the registry binary is installed. */
  private static void assumeAvailable() {
    TestRegistry.fromSystemProperty();
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")),
        "docker-registry is not installed");
  }

  static AuthenticatingRegistry basic(Path dir) throws Exception {
    assumeAvailable();
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(htpasswd,
        USER + ":" + OpenBSDBCrypt.generate("2a", PASSWORD.toCharArray(), salt, 6) + "\n");
    String auth = "auth:\n  htpasswd:\n    realm: forge-test\n    path: " + htpasswd + "\n";
    return start(dir, auth, null);
  }

  static AuthenticatingRegistry bearer(Path dir) throws Exception {
    assumeAvailable();
    run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", "issuer.key", "-out", "issuer.crt", "-days", "2",
        "-subj", "/CN=" + ISSUER);
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
        Base64.getMimeDecoder().decode(Files.readString(dir.resolve("issuer.key"))
            .replaceAll("-----[A-Z ]+-----", ""))));
    X509Certificate cert;
    try (var in = Files.newInputStream(dir.resolve("issuer.crt"))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    HttpServer tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tokens.createContext("/token", exchange -> issueToken(exchange, key, cert));
    tokens.start();
    String auth = "auth:\n  token:\n    realm: http://127.0.0.1:" + tokens.getAddress().getPort()
        + "/token\n    service: " + SERVICE + "\n    issuer: " + ISSUER + "\n    rootcertbundle: "
        + dir.resolve("issuer.crt") + "\n";
    try {
      return start(dir, auth, tokens);
    } catch (Exception e) {
      tokens.stop(0);
      throw e;
    }
  }

  private static AuthenticatingRegistry start(Path dir, String auth, HttpServer tokens)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    Path config = dir.resolve("config.yml");
    Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
        + "    rootdirectory: " + dir.resolve("data") + "\n  delete:\n    enabled: true\n"
        + "http:\n  addr: " + address + "\n" + auth);
    Process process = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      try {
        int status = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode();
        if (status == 401) {
          return new AuthenticatingRegistry(address, process, tokens);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("docker-registry did not come up with authentication:\n"
        + Files.readString(dir.resolve("registry.log")));
  }

  /** Pushes a one-layer image as {@link #USER}; its digest. */
  String push(String repository, Path work, String content, String tag) throws Exception {
    // Jib refuses to send credentials over plain http unless told this is a test.
    System.setProperty("sendCredentialsOverHttp", "true");
    return TestRegistry.pushImage(address + "/" + repository, work, content,
        new String[] {USER, PASSWORD}, tag);
  }

  private static void issueToken(HttpExchange exchange, PrivateKey key, X509Certificate cert)
      throws IOException {
    try (exchange) {
      Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String user = "";
      if (authorization != null) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!authorization.equals(expected)) {
          exchange.sendResponseHeaders(401, -1);
          return;
        }
        user = USER;
      }
      List<Map<String, Object>> access = new ArrayList<>();
      for (String scope : query.getOrDefault("scope", List.of())) {
        String[] parts = scope.split(":");
        if (parts.length != 3 || !parts[0].equals("repository")) {
          continue;
        }
        List<String> actions = new ArrayList<>(Arrays.asList(parts[2].split(",")));
        if (user.isEmpty()) {
          actions.retainAll(List.of("pull"));
        }
        access.add(Map.of("type", "repository", "name", parts[1], "actions", actions));
      }
      long now = Instant.now().getEpochSecond();
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", ISSUER);
      claims.put("sub", user);
      claims.put("aud", query.getOrDefault("service", List.of(SERVICE)).get(0));
      claims.put("exp", now + 300);
      claims.put("nbf", now - 10);
      claims.put("iat", now);
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("access", access);
      String jwt = signJwt(claims, key, cert);
      byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("token", jwt, "expires_in", 300));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (Exception e) {
      exchange.sendResponseHeaders(500, -1);
    }
  }

  private static String signJwt(Map<String, Object> claims, PrivateKey key, X509Certificate cert)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String header = url.encodeToString(json.writeValueAsBytes(Map.of("alg", "ES256", "typ", "JWT",
        "x5c", List.of(Base64.getEncoder().encodeToString(cert.getEncoded())))));
    String payload = url.encodeToString(json.writeValueAsBytes(claims));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + url.encodeToString(derToJose(signer.sign()));
  }

  /** JWS wants ECDSA signatures as r||s, 32 bytes each; Java produces DER. */
  private static byte[] derToJose(byte[] der) {
    int offset = 2 + (der[1] & 0x80) / 0x80 * (der[1] & 0x7f);
    byte[] out = new byte[64];
    for (int i = 0; i < 2; i++) {
      int length = der[offset + 1];
      BigInteger value = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + length));
      byte[] bytes = value.toByteArray();
      int start = bytes.length > 32 ? bytes.length - 32 : 0;
      int copy = bytes.length - start;
      System.arraycopy(bytes, start, out, i * 32 + 32 - copy, copy);
      offset += 2 + length;
    }
    return out;
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return params;
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
  }

  @Override
  public void close() throws InterruptedException {
    registry.destroy();
    if (!registry.waitFor(10, TimeUnit.SECONDS)) {
      registry.destroyForcibly();
    }
    if (tokenServer != null) {
      tokenServer.stop(0);
    }
  }
}
