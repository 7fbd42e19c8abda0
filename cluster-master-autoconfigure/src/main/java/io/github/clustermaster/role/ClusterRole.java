package io.github.clustermaster.role;

import java.util.Locale;

import io.github.clustermaster.ipc.IpcEnvironment;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.Environment;

/**
 * The part a JVM running the application plays, decided before its context is built and
 * published as the property {@code cluster.master.role}; beans that belong to one role
 * say so with {@link ConditionalOnClusterRole @ConditionalOnClusterRole}.
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
	public static ClusterRole of(SpringApplication application, Environment environment) {
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

	/**
	 * The role as the property {@link #PROPERTY} holds it: {@code master}, {@code worker}
	 * or {@code standalone}.
	 * @return the property value
	 */
	public String propertyValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The role an environment's {@link #PROPERTY} names.
	 * @param environment the environment
	 * @return the role, {@link #STANDALONE} when the property is not set
	 */
	public static ClusterRole of(Environment environment) {
		String value = environment.getProperty(PROPERTY, STANDALONE.propertyValue());
		for (ClusterRole role : values()) {
			if (role.propertyValue().equalsIgnoreCase(value.trim())) {
				return role;
			}
		}
		return STANDALONE;
	}

}
