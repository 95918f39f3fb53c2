// The verify scripts' one way to run a command: evaluate(new File(itLib, "run.groovy")) returns it.
// run(cmd) asserts the command succeeded (the message carries its stderr); run(cmd, false) does not.
// Either way it returns [code:, out:, err:].
return { List cmd, boolean mustSucceed = true ->
    def proc = cmd*.toString().execute()
    def out = new StringBuilder(), err = new StringBuilder()
    proc.waitForProcessOutput(out, err)
    if (mustSucceed) {
        assert proc.exitValue() == 0 : "${cmd.join(' ')} failed: ${err}"
    }
    return [code: proc.exitValue(), out: out.toString(), err: err.toString()]
}
