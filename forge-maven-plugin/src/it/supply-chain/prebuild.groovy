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
return true
