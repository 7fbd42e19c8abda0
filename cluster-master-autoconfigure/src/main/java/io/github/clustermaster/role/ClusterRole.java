package io.github.clustermaster.role;

import java.util.Locale;

import io.github.clustermaster.ipc.IpcEnvironment;

import org.springframework.boot.SpringApplication;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.NativeDetector;
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

	/**
	 * Started by a master; also the role of Spring AOT's build-time run
	 * ({@code spring-boot:process-aot}), whose generated code only workers use.
	 */
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
	 * <p>
	 * Spring AOT freezes the application's bean definitions, conditions included, when it
	 * processes the application at build time ({@code spring.aot.processing}): that run is
	 * a worker's, since the generated code is the workers' alone (a master builds its own
	 * context without it), so worker-only beans are part of it. A native image stays
	 * standalone: it cannot fork workers of itself.
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
		if (!environment.getProperty("cluster.master.enabled", Boolean.class, true) || NativeDetector.inNativeImage()) {
			return STANDALONE;
		}
		return aotProcessing() ? WORKER : MASTER;
	}

	/**
	 * Whether this JVM is Spring AOT's build-time run of the application.
	 * @return whether AOT processing is under way
	 */
	public static boolean aotProcessing() {
		return Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
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
