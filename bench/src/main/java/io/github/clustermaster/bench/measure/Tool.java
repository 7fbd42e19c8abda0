package io.github.clustermaster.bench.measure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.clustermaster.testsupport.ClusterProcess;

/**
 * A short helper process ({@code wrk}, {@code jcmd}) with a time limit, its output in a log
 * file; the harness kills it by pid when it overruns or the bench is interrupted.
 *
 * @author cluster-master
 */
final class Tool {

	private Tool() {
	}

	/** Run a command to its end and answer its output; fail on an exit code other than 0. */
	static String run(List<String> command, Path log, Duration timeout) {
		try (ClusterProcess process = ClusterProcess.command(command)
			.name(command.get(0))
			.quiet()
			.logFile(log)
			.sampleInterval(Duration.ofSeconds(5))
			.start()) {
			int code = process.awaitExit(timeout);
			String output = String.join("\n", process.output());
			if (code != 0) {
				throw new IllegalStateException(String.join(" ", command) + " exited with code " + code + ": "
						+ output.strip());
			}
			return output;
		}
	}

}
