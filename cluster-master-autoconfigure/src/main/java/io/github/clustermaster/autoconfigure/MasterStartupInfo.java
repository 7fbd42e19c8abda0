package io.github.clustermaster.autoconfigure;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.master.ClusterMasterProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The master's start-up lines, in place of Boot's ({@code spring.main.log-startup-info}):
 * the master runs none of the application, so Boot's "Started SampleApplication" would
 * count it as one more copy of it. Same facts (version, Java, pid, jar, profiles), same
 * logger (the main class's), but each line says it is the cluster master.
 *
 * @author cluster-master
 */
final class MasterStartupInfo {

	private final @Nullable Class<?> mainClass;

	private final Log log;

	MasterStartupInfo(SpringApplication application) {
		this.mainClass = application.getMainApplicationClass();
		this.log = LogFactory.getLog((this.mainClass != null) ? this.mainClass : SpringApplication.class);
	}

	/**
	 * Log what Boot logs as "Starting …" and the active profiles.
	 * @param environment the master's environment
	 */
	void starting(Environment environment) {
		if (!this.log.isInfoEnabled()) {
			return;
		}
		String version = environment.getProperty("spring.application.version");
		this.log.info("Starting " + name() + ((version != null) ? " v" + version : "") + " using Java "
				+ System.getProperty("java.version") + " with PID " + ProcessHandle.current().pid() + " ("
				+ source() + "started by " + System.getProperty("user.name") + " in " + System.getProperty("user.dir")
				+ ")");
		String[] active = environment.getActiveProfiles();
		if (active.length > 0) {
			this.log.info("The following " + ((active.length == 1) ? "1 profile is" : active.length + " profiles are")
					+ " active: " + quoted(active));
		}
		else {
			String[] defaults = environment.getDefaultProfiles();
			this.log.info("No active profile set, falling back to " + defaults.length + " default "
					+ ((defaults.length == 1) ? "profile" : "profiles") + ": " + quoted(defaults));
		}
	}

	/**
	 * Log what Boot logs as "Started … in … seconds".
	 * @param timeTaken the time the master's context took to start
	 * @param size how many workers the master starts
	 */
	void started(Duration timeTaken, int size) {
		if (!this.log.isInfoEnabled()) {
			return;
		}
		this.log.info("Started " + name() + " in " + (timeTaken.toMillis() / 1000.0) + " seconds (process running for "
				+ (ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0) + "): "
				+ ((size == 0) ? "no workers to start (size 0)"
						: size + ((size == 1) ? " worker" : " workers") + " starting"));
	}

	/**
	 * Report where the application's scheduled tasks run, logged beside the lines above.
	 * @param scheduling the value of {@code cluster.master.scheduling}
	 * @param events where the master's events are reported
	 */
	void scheduling(ClusterMasterProperties.Scheduling scheduling, Consumer<MasterEvent> events) {
		events.accept(new MasterEvent.ScheduledWork(scheduling == ClusterMasterProperties.Scheduling.SINGLE,
				scheduling.propertyValue(), ((this.mainClass != null) ? this.mainClass : SpringApplication.class)
					.getName()));
	}

	private String name() {
		return "cluster master of " + ((this.mainClass != null) ? ClassUtils.getShortName(this.mainClass) : "application");
	}

	private String source() {
		File source = (this.mainClass != null) ? new ApplicationHome(this.mainClass).getSource() : null;
		return (source != null) ? source.getAbsolutePath() + " " : "";
	}

	private static String quoted(String[] profiles) {
		return Arrays.stream(profiles).map((profile) -> "\"" + profile + "\"").collect(Collectors.joining(", "));
	}

}
