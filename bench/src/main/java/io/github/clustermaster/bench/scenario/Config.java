package io.github.clustermaster.bench.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * How the sample app is started: JVM options before {@code -jar}, arguments after it, and
 * how many distinct pids answer once it is ready.
 *
 * @param label how the report names it
 * @param jvmArgs the JVM options
 * @param args the arguments
 * @param answering how many distinct pids answer once it is ready
 * @author cluster-master
 */
record Config(String label, List<String> jvmArgs, List<String> args, int answering) {

	/** One plain JVM, cluster-master off. */
	static Config plain(String label, List<String> args) {
		return new Config(label, List.of(), concat(List.of("--cluster.master.enabled=false"), args), 1);
	}

	/** A master of {@code size} workers, without its REPL. */
	static Config master(String label, int size, List<String> jvmArgs, List<String> args) {
		return new Config(label, jvmArgs,
				concat(List.of("--cluster.master.size=" + size, "--cluster.master.repl=false"), args), size);
	}

	static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
