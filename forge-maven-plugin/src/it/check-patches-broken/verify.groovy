// The 2025.1 patch does not apply: the table says which patch, file and hunk, and the build fails.
def log = new File(basedir, "build.log").text
assert log =~ /fixture\s+2025\.2\s+0001-Greet-from-the-patched-fixture\.patch\s+ok/
assert log =~ /fixture\s+2025\.1\s+0001-Greet-from-the-old-fixture\.patch\s+FAILED\s+.*hunk #1 \(@@ -[0-9,]+ \+[0-9,]+ @@\) does not apply to forge_fixture\/cli\.py/
assert log.contains("1 patch(es) or override file(s) of fixture do not apply")
return true
