package org.orrery.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** YAML pipelines; the argument is the public surface of DESIGN §6. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a pipeline (simulate, train, infer, validate) described in one YAML file. (Not built yet: issue #5.)")
public final class RunCommand implements Callable<Integer>, NotBuilt.Stub {

    @Mixin HostOptions host;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "Pipeline file (.yaml).")
    Path pipeline;

    @Override
    public String commandName() {
        return "run";
    }

    @Override
    public String arrivesWith() {
        return "YAML pipelines arrive with issue #5";
    }

    @Override
    public Integer call() {
        return NotBuilt.report(commandName(), arrivesWith());
    }
}
