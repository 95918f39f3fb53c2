// Two clean builds of the same inputs must give the same image digest.
import groovy.json.JsonSlurper

def run = evaluate(new File(itLib, "run.groovy"))
def json = new JsonSlurper()
def a = json.parse(new File(basedir, "build-a/target/forge/report.json"))
def b = json.parse(new File(basedir, "build-b/target/forge/report.json"))
assert a.buildStageCache == "miss" && b.buildStageCache == "miss" : "both builds must run the build stage"
assert a.timings.keySet().containsAll(["build-stage", "runtime-base", "assemble"])
if (a.digest != b.digest) {
    // Say what differs: the layers, and inside them the entries (mode, owner, size, time, name).
    def problems = []
    a.layers.eachWithIndex { la, i ->
        def lb = b.layers[i]
        if (la.digest != lb.digest) {
            def list = { r, l ->
                def dir = new File(basedir, "diff-${r}")
                dir.mkdirs()
                run(["tar", "-C", dir.path, "-xf", (r == "a" ? a : b).archive, "blobs/sha256/${l.digest.replace('sha256:', '')}"])
                run(["tar", "--full-time", "-tvzf", "${dir.path}/blobs/sha256/${l.digest.replace('sha256:', '')}"]).out.readLines() as Set
            }
            def ea = list("a", la), eb = list("b", lb)
            problems << "layer ${i} (${la.name}) differs: only in a: ${(ea - eb).take(20)}; only in b: ${(eb - ea).take(20)}"
        }
    }
    assert false : "not reproducible: ${a.digest} vs ${b.digest}\n" + problems.join("\n")
}
return true
