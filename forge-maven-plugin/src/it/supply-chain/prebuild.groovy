// Make the fixture git repository and wheels, and the local signing key (plus a second, wrong one).
import java.security.KeyPairGenerator
import java.security.spec.ECGenParameterSpec

def script = new File(fixturesScript)
def proc = ["bash", script.path, fixturesDir].execute()
proc.waitForProcessOutput(System.out, System.err)
assert proc.exitValue() == 0 : "make-fixtures.sh failed"

def pem = { String type, byte[] der ->
    "-----BEGIN ${type}-----\n" + der.encodeBase64().toString().replaceAll(/(.{64})/, '$1\n').trim() + "\n-----END ${type}-----\n"
}
["signing-key", "other-key"].each { name ->
    def generator = KeyPairGenerator.getInstance("EC")
    generator.initialize(new ECGenParameterSpec("secp256r1"))
    def pair = generator.generateKeyPair()
    new File(basedir, "${name}.pem").text = pem("PRIVATE KEY", pair.private.encoded)
    new File(basedir, "${name}.pem.pub").text = pem("PUBLIC KEY", pair.public.encoded)
}

// OSV advisories about the fixture's packages, for forge:scan (the image is bookworm: Debian:12).
def advisories = new File(basedir, "advisories")
advisories.mkdirs()
def osv = { String id, String ecosystem, String name, String events, String extra = "" ->
    new File(advisories, "${id}.json").text = """{"id":"${id}","summary":"forge IT advisory ${id}",
  "affected":[{"package":{"ecosystem":"${ecosystem}","name":"${name}"},
  "ranges":[{"type":"ECOSYSTEM","events":[${events}]}]}]${extra}}"""
}
// fixture-dep 1.0 is installed (an override pins it): affected, fixed in 1.1; the name as PyPI spells it.
osv("FORGE-IT-FIXTURE-DEP", "PyPI", "Fixture_Dep", '{"introduced":"0"},{"fixed":"1.1"}',
    ',"database_specific":{"severity":"LOW"}')
// libxml2 (the service's apt package): high by its CVSS vector, accepted in constraints/2025.2.
osv("FORGE-IT-LIBXML2", "Debian:12", "libxml2", '{"introduced":"0"},{"fixed":"99:0"}',
    ',"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}]')
// glibc is the source package of libc6 and libc-bin: Debian advisories name the source; unrated.
osv("FORGE-IT-GLIBC", "Debian:12", "glibc", '{"introduced":"0"},{"last_affected":"99:0"}')
// Neither applies: fixed before the installed version, and another Debian release.
osv("FORGE-IT-NOT-AFFECTED", "PyPI", "fixture-dep", '{"introduced":"0"},{"fixed":"0.9"}')
osv("FORGE-IT-OTHER-RELEASE", "Debian:11", "libxml2", '{"introduced":"0"},{"fixed":"99:0"}')
return true
