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

	/**
	 * Start a server on a free port.
	 * @param config how
	 * @param jar which jar
	 * @param name the name of its log
	 * @return the running server
	 */
	Server start(Config config, Path jar, String name) {
		return Server.start(config, jar, FreePort.find(), log(name));
	}

	/**
	 * The log file of a name.
	 * @param name the name
	 * @return {@code <logs>/<name>.log}
	 */
	Path log(String name) {
		return this.logs.resolve(name + ".log");
	}

	/**
	 * A release cache (cluster.master.cache-dir) of a master of this run.
	 * @param name the name
	 * @return the argument that sets it
	 */
	String cacheArg(String name) {
		return "--cluster.master.cache-dir=" + this.logs.resolve("cache-" + name);
	}

}
