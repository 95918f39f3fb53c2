// Make the fixture git repository and wheels the build consumes.
def script = new File(fixturesScript)
def proc = ["bash", script.path, fixturesDir].execute()
proc.waitForProcessOutput(System.out, System.err)
assert proc.exitValue() == 0 : "make-fixtures.sh failed"

// An unrated advisory about glibc (the source of libc6): each platform's scan must find it on its own libc6.
def advisories = new File(basedir, "advisories")
advisories.mkdirs()
new File(advisories, "FORGE-IT-GLIBC.json").text = """{"id":"FORGE-IT-GLIBC","affected":[{"package":{"ecosystem":"Debian:12",
  "name":"glibc"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"last_affected":"99:0"}]}]}]}"""
return true
