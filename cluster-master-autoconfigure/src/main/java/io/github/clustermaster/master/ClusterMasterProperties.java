package io.github.clustermaster.master;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.supervisor.RestartIntensity;
import io.github.clustermaster.supervisor.SupervisorSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of cluster-master. The application validates them itself when
 * they are bound, so a bad value fails the master's start-up naming the property.
 *
 * @author cluster-master
 */
@ConfigurationProperties("cluster.master")
public class ClusterMasterProperties implements Validator {

	/**
	 * Whether the application, started from its main method, becomes a master that forks
	 * workers. When false it runs as one ordinary process.
	 */
	private boolean enabled = true;

	/**
	 * Number of workers. Defaults to the number of available processors.
	 */
	private @Nullable Integer size;

	/**
	 * Jar file (ending in .jar) or main class the workers run instead of the application
	 * itself; a main class runs with the master's classpath.
	 */
	private @Nullable String exec;

	/**
	 * Environment variables of the workers, on top of the master's own. A restart with an
	 * environment replaces them for the new workers.
	 */
	private Map<String, String> env = new LinkedHashMap<>();

	/**
	 * Program arguments the workers get after the application's own.
	 */
	private List<String> args = new ArrayList<>();

	/**
	 * JVM options the workers get after the master's own.
	 */
	private List<String> jvmArgs = new ArrayList<>();

	/**
	 * Whether the workers' standard output and error are discarded instead of shared with
	 * the master's.
	 */
	private boolean silent;

	/**
	 * Whether the master handles signals: SIGHUP restarts the workers, SIGINT and SIGTERM
	 * quit gracefully, SIGTTIN and SIGTTOU add or remove a worker.
	 */
	private boolean signals = true;

	/**
	 * Where the master's REPL listens: a UNIX socket path, a TCP port (bound to
	 * 127.0.0.1), address:port, or false to disable it. Defaults to the environment
	 * variable CLUSTER_MASTER_REPL, else 'cluster-master-socket' in the working directory.
	 */
	private @Nullable String repl;

	/**
	 * Profile added to the workers' active profiles.
	 */
	private String workerProfile = "worker";

	/**
	 * A worker that dies younger than this died young: respawns back off. The first new
	 * worker of a rolling restart must also stay up this long after it is ready before an
	 * old worker is stopped.
	 */
	private Duration minRestartAge = Duration.ofSeconds(2);

	/**
	 * How long a worker may take to stop gracefully before it gets SIGTERM, and SIGKILL
	 * 10 seconds later. Keep it above spring.lifecycle.timeout-per-shutdown-phase.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(45);

	/**
	 * How long a worker may take from its start until its application is ready before it
	 * is killed.
	 */
	private Duration bootTimeout = Duration.ofMinutes(2);

	/**
	 * How long a ready worker may stay silent (workers send a heartbeat every second)
	 * before it is killed and replaced.
	 */
	private Duration heartbeatTimeout = Duration.ofSeconds(30);

	/**
	 * How the workers share server.port: 'inherit' (one listening socket bound by the
	 * master and inherited by every worker; Tomcat and Jetty), 'reuse-port' (each worker
	 * binds with SO_REUSEPORT; Jetty and Reactor Netty), or 'auto' (inherit where the
	 * server and the platform allow it, else reuse-port).
	 */
	private PortSharing portSharing = PortSharing.AUTO;

	private final Intensity restartIntensity = new Intensity();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getSize() {
		return this.size;
	}

	public void setSize(@Nullable Integer size) {
		this.size = size;
	}

	/**
	 * The number of workers, defaulting to the available processors.
	 * @return the size
	 */
	public int determineSize() {
		return (this.size != null) ? this.size : Runtime.getRuntime().availableProcessors();
	}

	public @Nullable String getExec() {
		return this.exec;
	}

	public void setExec(@Nullable String exec) {
		this.exec = exec;
	}

	public Map<String, String> getEnv() {
		return this.env;
	}

	public void setEnv(Map<String, String> env) {
		this.env = env;
	}

	public List<String> getArgs() {
		return this.args;
	}

	public void setArgs(List<String> args) {
		this.args = args;
	}

	public List<String> getJvmArgs() {
		return this.jvmArgs;
	}

	public void setJvmArgs(List<String> jvmArgs) {
		this.jvmArgs = jvmArgs;
	}

	public boolean isSilent() {
		return this.silent;
	}

	public void setSilent(boolean silent) {
		this.silent = silent;
	}

	public boolean isSignals() {
		return this.signals;
	}

	public void setSignals(boolean signals) {
		this.signals = signals;
	}

	public @Nullable String getRepl() {
		return this.repl;
	}

	public void setRepl(@Nullable String repl) {
		this.repl = repl;
	}

	public String getWorkerProfile() {
		return this.workerProfile;
	}

	public void setWorkerProfile(String workerProfile) {
		this.workerProfile = workerProfile;
	}

	public Duration getMinRestartAge() {
		return this.minRestartAge;
	}

	public void setMinRestartAge(Duration minRestartAge) {
		this.minRestartAge = minRestartAge;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getBootTimeout() {
		return this.bootTimeout;
	}

	public void setBootTimeout(Duration bootTimeout) {
		this.bootTimeout = bootTimeout;
	}

	public Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	public void setHeartbeatTimeout(Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

	public PortSharing getPortSharing() {
		return this.portSharing;
	}

	public void setPortSharing(PortSharing portSharing) {
		this.portSharing = portSharing;
	}

	public Intensity getRestartIntensity() {
		return this.restartIntensity;
	}

	/**
	 * The supervisor's settings from these properties.
	 * @return the settings
	 */
	public SupervisorSettings toSettings() {
		return new SupervisorSettings(determineSize(), this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout,
				new RestartIntensity(this.restartIntensity.maxRestarts, this.restartIntensity.period,
						this.restartIntensity.initialBackoff, this.restartIntensity.maxBackoff));
	}

	@Override
	public boolean supports(Class<?> type) {
		return ClusterMasterProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ClusterMasterProperties properties = (ClusterMasterProperties) target;
		Integer size = properties.getSize();
		if (size != null) {
			try {
				new ClusterCommand.Resize(size);
			}
			catch (IllegalArgumentException ex) {
				errors.rejectValue("size", "range", ex.getMessage());
			}
		}
		if (properties.getWorkerProfile().isBlank()) {
			errors.rejectValue("workerProfile", "blank", "must not be blank");
		}
		if (properties.getExec() != null && properties.getExec().isBlank()) {
			errors.rejectValue("exec", "blank", "must name a jar or a main class, or be left out");
		}
		if (properties.getJvmArgs().stream().anyMatch(String::isBlank)) {
			errors.rejectValue("jvmArgs", "blank", "must not contain blank options");
		}
		try {
			ReplAddress.parse(properties.getRepl());
		}
		catch (IllegalArgumentException ex) {
			errors.rejectValue("repl", "format", ex.getMessage() + "; use a socket path, a port, address:port or false");
		}
		positive(errors, "shutdownTimeout", properties.getShutdownTimeout());
		positive(errors, "bootTimeout", properties.getBootTimeout());
		if (properties.getMinRestartAge().isNegative()) {
			errors.rejectValue("minRestartAge", "negative", "must not be negative");
		}
		if (properties.getHeartbeatTimeout().compareTo(Duration.ofSeconds(3)) < 0) {
			errors.rejectValue("heartbeatTimeout", "range", "must be at least 3s (workers send a heartbeat every second)");
		}
		Intensity intensity = properties.getRestartIntensity();
		if (intensity.getMaxRestarts() < 0) {
			errors.rejectValue("restartIntensity.maxRestarts", "negative", "must not be negative");
		}
		positive(errors, "restartIntensity.period", intensity.getPeriod());
		positive(errors, "restartIntensity.initialBackoff", intensity.getInitialBackoff());
		if (intensity.getMaxBackoff().compareTo(intensity.getInitialBackoff()) < 0) {
			errors.rejectValue("restartIntensity.maxBackoff", "range", "must not be less than initial-backoff");
		}
	}

	private static void positive(Errors errors, String field, Duration value) {
		if (value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "positive", "must be positive");
		}
	}

	/**
	 * Crash-loop protection: at most {@code max-restarts} crashes within {@code period},
	 * then crashed workers are no longer replaced (and the master exits with code 1 when no
	 * worker is left up).
	 */
	public static class Intensity {

		/**
		 * How many worker crashes are tolerated within the period.
		 */
		private int maxRestarts = 5;

		/**
		 * The sliding window crashes are counted in.
		 */
		private Duration period = Duration.ofSeconds(60);

		/**
		 * Delay before respawning the first worker that died young; it doubles with each
		 * further young death in a row.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Upper bound of the respawn delay.
		 */
		private Duration maxBackoff = Duration.ofSeconds(30);

		public int getMaxRestarts() {
			return this.maxRestarts;
		}

		public void setMaxRestarts(int maxRestarts) {
			this.maxRestarts = maxRestarts;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

}
