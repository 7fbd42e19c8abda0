package io.github.clustermaster.supervisor;

import java.time.Duration;

/**
 * What the supervisor needs to know to run the pool.
 *
 * @param size the initial number of workers
 * @param minRestartAge a worker that dies younger than this died young ("danger"); the
 * first replacement of a rolling restart must survive this long after it is ready
 * @param bootTimeout how long a worker may take to become ready before it is killed
 * @param shutdownTimeout how long a worker may take to stop gracefully before it gets
 * SIGTERM; SIGKILL follows {@link Supervisor#KILL_AFTER_TERMINATE} later
 * @param heartbeatTimeout how long a ready worker may stay silent before it is killed and
 * replaced
 * @param intensity the crash-loop protection
 * @param maxSurge how many workers may boot at once
 * @param quitDelay how long the workers serve on after a graceful quit began, their
 * readiness already refusing traffic, before they drain
 * @param recycle when a worker is replaced by a fresh one
 * @param autoscale how the pool sizes itself by its load, if it does
 * @param canary how a rolling restart judges the new release by its traffic
 * @author cluster-master
 */
public record SupervisorSettings(int size, Duration minRestartAge, Duration bootTimeout, Duration shutdownTimeout,
		Duration heartbeatTimeout, RestartIntensity intensity, MaxSurge maxSurge, Duration quitDelay,
		RecyclePolicy recycle, AutoscalePolicy autoscale, CanaryPolicy canary) {

	/**
	 * The largest pool any surface and {@code cluster.master.size} accept: above it is
	 * almost surely a typo that would fork a JVM per unit.
	 */
	public static final int MAX_SIZE = 1024;

	/**
	 * The defaults of the {@code cluster.master.*} properties (one worker, no quit delay,
	 * boots bounded by the pool's size only, no recycling, no autoscaling, canary analysis on), to change with
	 * the {@code with…} methods: {@code SupervisorSettings.defaults().withSize(4)}.
	 * @return the settings
	 */
	public static SupervisorSettings defaults() {
		return new SupervisorSettings(1, Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofSeconds(45),
				Duration.ofSeconds(30), new RestartIntensity(5, Duration.ofSeconds(60), Duration.ofSeconds(1),
						Duration.ofSeconds(30)),
				MaxSurge.UNBOUNDED, Duration.ZERO, RecyclePolicy.NONE, AutoscalePolicy.OFF, CanaryPolicy.DEFAULTS);
	}

	/**
	 * These settings with another initial number of workers.
	 * @param size the initial number of workers
	 * @return the settings
	 */
	public SupervisorSettings withSize(int size) {
		return new SupervisorSettings(size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay,
				this.recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another minimum restart age.
	 * @param minRestartAge the minimum restart age
	 * @return the settings
	 */
	public SupervisorSettings withMinRestartAge(Duration minRestartAge) {
		return new SupervisorSettings(this.size, minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay,
				this.recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another boot timeout.
	 * @param bootTimeout the boot timeout
	 * @return the settings
	 */
	public SupervisorSettings withBootTimeout(Duration bootTimeout) {
		return new SupervisorSettings(this.size, this.minRestartAge, bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay,
				this.recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another shutdown timeout.
	 * @param shutdownTimeout the shutdown timeout
	 * @return the settings
	 */
	public SupervisorSettings withShutdownTimeout(Duration shutdownTimeout) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay,
				this.recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another heartbeat timeout.
	 * @param heartbeatTimeout the heartbeat timeout
	 * @return the settings
	 */
	public SupervisorSettings withHeartbeatTimeout(Duration heartbeatTimeout) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay,
				this.recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another crash-loop protection.
	 * @param intensity the crash-loop protection
	 * @return the settings
	 */
	public SupervisorSettings withIntensity(RestartIntensity intensity) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, intensity, this.maxSurge, this.quitDelay,
				this.recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another bound on the workers that boot at once.
	 * @param maxSurge how many workers may boot at once
	 * @return the settings
	 */
	public SupervisorSettings withMaxSurge(MaxSurge maxSurge) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, maxSurge, this.quitDelay,
				this.recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another quit delay.
	 * @param quitDelay the quit delay
	 * @return the settings
	 */
	public SupervisorSettings withQuitDelay(Duration quitDelay) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, quitDelay,
				this.recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another recycling policy.
	 * @param recycle the recycling policy
	 * @return the settings
	 */
	public SupervisorSettings withRecycle(RecyclePolicy recycle) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay,
				recycle, this.autoscale, this.canary);
	}

	/**
	 * These settings with another canary analysis.
	 * @param canary how a rolling restart judges the new release by its traffic
	 * @return the settings
	 */
	public SupervisorSettings withCanary(CanaryPolicy canary) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay,
				this.recycle, this.autoscale, canary);
	}

	/**
	 * These settings with another autoscaling policy.
	 * @param autoscale the autoscaling policy
	 * @return the settings
	 */
	public SupervisorSettings withAutoscale(AutoscalePolicy autoscale) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay,
				this.recycle, autoscale, this.canary);
	}

}
