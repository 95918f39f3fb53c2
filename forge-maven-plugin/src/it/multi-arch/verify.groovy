// One tag, two architectures: an OCI index whose amd64 and arm64 images both run.
import groovy.json.JsonSlurper

def run = evaluate(new File(itLib, "run.groovy"))
def json = new JsonSlurper()
def registryUrl = "${testRegistry}/${testOwner}-multi-arch"
def report = json.parse(new File(basedir, "fixture/target/forge/report.json"))
assert report.platforms.keySet() == ["linux/amd64", "linux/arm64"] as Set
assert report.pushedDigest == report.digest

def index = json.parseText(run(["skopeo", "inspect", "--tls-verify=false", "--raw", "docker://${registryUrl}/fixture:1.0.0"]).out)
assert index.mediaType == "application/vnd.oci.image.index.v1+json"
assert index.manifests*.platform*.architecture as Set == ["amd64", "arm64"] as Set
["amd64": "x86_64", "arm64": "aarch64"].each { arch, machine ->
    def entry = index.manifests.find { it.platform.architecture == arch }
    assert entry.digest == report.platforms["linux/${arch}"].digest
    def config = json.parseText(run(["skopeo", "inspect", "--tls-verify=false", "--config",
            "docker://${registryUrl}/fixture@${entry.digest}"]).out)
    assert config.architecture == arch
    assert config.config.User == "42424:42424"
    // Each platform has its own venv: the arm64 image's python is an aarch64 binary.
    def ctr = run(["buildah", "from", "--tls-verify=false", "--platform", "linux/${arch}",
            "${registryUrl}/fixture@${entry.digest}"]).out.trim()
    try {
        def exec = { String script -> run(["buildah", "run", "--isolation", "chroot", "--user", "42424:42424", ctr, "--", "sh", "-c", script]) }
        assert exec("uname -m").out.trim() == machine
        assert exec("forge-fixture").out.trim() == "hello from patched forge-fixture dep 1.0 lib patched"
        assert exec("python -c 'import platform; print(platform.machine())'").out.trim() == machine
    } finally {
        run(["buildah", "rm", ctr], false)
        run(["buildah", "rmi", "-f", "${registryUrl}/fixture@${entry.digest}"], false) // pulled only to be read
    }
}
// One SBOM and one scan per platform image, each of its own architecture's packages.
["amd64", "arm64"].each { arch ->
    def platformReport = json.parse(new File(report.platforms["linux/${arch}"].report))
    assert platformReport.scan.result == "pass" && platformReport.scan.findings >= 1
    def scan = json.parse(new File(platformReport.scan.file))
    def libc6 = scan.findings.find { it.id == "FORGE-IT-GLIBC" && it.component.startsWith("libc6 ") }
    assert libc6 && libc6.purl.contains("arch=${arch}") : "${arch}: ${scan.findings*.purl}"
}
// The base images are indexes too, and the service's platform images stand on their own platform's base.
def base = json.parse(new File(basedir, "python-base/target/forge/image.json"))
assert base.platforms.keySet() == ["linux/amd64", "linux/arm64"] as Set
return true
