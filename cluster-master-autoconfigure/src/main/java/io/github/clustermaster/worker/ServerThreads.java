package io.github.clustermaster.worker;

import org.jspecify.annotations.Nullable;

/**
 * How busy a web server's pool of request threads is, where it has one (Tomcat, Jetty;
 * not Reactor Netty's event loops, nor virtual threads).
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface ServerThreads {

	/**
	 * The pool's use now.
	 * @return busy and maximum threads, or {@code null} when the server has no such pool
	 */
	@Nullable Usage usage();

	/**
	 * A pool's use.
	 *
	 * @param busy the threads running a task, as the server counts them
	 * @param max the most threads the pool may run
	 */
	record Usage(int busy, int max) {

	}

}
