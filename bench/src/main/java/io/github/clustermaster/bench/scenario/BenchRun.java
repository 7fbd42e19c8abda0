package io.github.clustermaster.bench.scenario;

import java.nio.file.Path;

import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.testsupport.FreePort;

/**
 * What every scenario of one run shares: the sample jar, the deploy path, the directory of
 * the logs, the options and the report.
 *
 * @param jar a copy of the sample jar, so that a rebuild during the run cannot change it
 * @param current the deploy path of the masters that build and use an archive: a copy of
 * the jar, which the deploys replace with another release
 * @param logs the directory of the logs (and of the release caches, deleted at the end)
 * @param options the options
 * @param report the report
 * @author cluster-master
 */
public record BenchRun(Path jar, Path current, Path logs, Options options, Report report) {

	/** Start a server on a free port, its output in {@code <name>.log}. */
	Server start(Config config, Path jar, String name) {
		return Server.start(config, jar, FreePort.find(), log(name));
	}


	Path log(String name) {
		return this.logs.resolve(name + ".log");
	}

	/** The argument that gives a master a release cache (cluster.master.cache-dir) of this run. */
	String cacheArg(String name) {
		return "--cluster.master.cache-dir=" + this.logs.resolve("cache-" + name);
	}

}
