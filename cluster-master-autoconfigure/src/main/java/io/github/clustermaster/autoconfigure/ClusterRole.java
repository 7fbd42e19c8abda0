package io.github.clustermaster.autoconfigure;

import io.github.clustermaster.ipc.IpcEnvironment;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.Environment;

/**
 * The part a JVM running the application plays, decided before its context is built and
 * published as the property {@code cluster.master.role}.
 *
 * @author cluster-master
 */
public enum ClusterRole {

	/** Started from the application's main method: forks and supervises workers. */
	MASTER,

	/** Started by a master. */
	WORKER,

	/**
	 * One ordinary process: {@code cluster.master.enabled=false}, a test context, or a
	 * native image.
	 */
	STANDALONE;

	/** The property that holds the role. */
	public static final String PROPERTY = "cluster.master.role";

	/**
	 * Decide the role of a starting application. Only the application launched from its
	 * own main method becomes a master: under {@code @SpringBootTest} the main class is the
	 * test runner's, and the application stays standalone.
	 * @param application the application
	 * @param environment its environment
	 * @return the role
	 */
	static ClusterRole of(SpringApplication application, Environment environment) {
		Class<?> main = application.getMainApplicationClass();
		if (main == null || !application.getAllSources().contains(main)) {
			return STANDALONE;
		}
		if (environment.getProperty(IpcEnvironment.WORKER_ID) != null) {
			return WORKER;
		}
		if (!environment.getProperty("cluster.master.enabled", Boolean.class, true) || AotDetector.useGeneratedArtifacts()) {
			return STANDALONE;
		}
		return MASTER;
	}

}
