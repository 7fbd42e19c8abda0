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
 * @author cluster-master
 */
public record SupervisorSettings(int size, Duration minRestartAge, Duration bootTimeout, Duration shutdownTimeout,
		Duration heartbeatTimeout, RestartIntensity intensity, MaxSurge maxSurge, Duration quitDelay,
		RecyclePolicy recycle, AutoscalePolicy autoscale) {

	/**
	 * Settings without autoscaling.
	 * @param size the initial number of workers
	 * @param minRestartAge see above
	 * @param bootTimeout see above
	 * @param shutdownTimeout see above
	 * @param heartbeatTimeout see above
	 * @param intensity see above
	 * @param maxSurge see above
	 * @param quitDelay see above
	 * @param recycle see above
	 */
	public SupervisorSettings(int size, Duration minRestartAge, Duration bootTimeout, Duration shutdownTimeout,
			Duration heartbeatTimeout, RestartIntensity intensity, MaxSurge maxSurge, Duration quitDelay,
			RecyclePolicy recycle) {
		this(size, minRestartAge, bootTimeout, shutdownTimeout, heartbeatTimeout, intensity, maxSurge, quitDelay,
				recycle, AutoscalePolicy.OFF);
	}

	/**
	 * Settings without recycling.
	 * @param size the initial number of workers
	 * @param minRestartAge see above
	 * @param bootTimeout see above
	 * @param shutdownTimeout see above
	 * @param heartbeatTimeout see above
	 * @param intensity see above
	 * @param maxSurge see above
	 * @param quitDelay see above
	 */
	public SupervisorSettings(int size, Duration minRestartAge, Duration bootTimeout, Duration shutdownTimeout,
			Duration heartbeatTimeout, RestartIntensity intensity, MaxSurge maxSurge, Duration quitDelay) {
		this(size, minRestartAge, bootTimeout, shutdownTimeout, heartbeatTimeout, intensity, maxSurge, quitDelay,
				RecyclePolicy.NONE);
	}

	/**
	 * Settings without a quit delay.
	 * @param size the initial number of workers
	 * @param minRestartAge see above
	 * @param bootTimeout see above
	 * @param shutdownTimeout see above
	 * @param heartbeatTimeout see above
	 * @param intensity see above
	 * @param maxSurge see above
	 */
	public SupervisorSettings(int size, Duration minRestartAge, Duration bootTimeout, Duration shutdownTimeout,
			Duration heartbeatTimeout, RestartIntensity intensity, MaxSurge maxSurge) {
		this(size, minRestartAge, bootTimeout, shutdownTimeout, heartbeatTimeout, intensity, maxSurge, Duration.ZERO);
	}

	/**
	 * Settings whose boots are bounded by the pool's size only.
	 * @param size the initial number of workers
	 * @param minRestartAge see above
	 * @param bootTimeout see above
	 * @param shutdownTimeout see above
	 * @param heartbeatTimeout see above
	 * @param intensity see above
	 */
	public SupervisorSettings(int size, Duration minRestartAge, Duration bootTimeout, Duration shutdownTimeout,
			Duration heartbeatTimeout, RestartIntensity intensity) {
		this(size, minRestartAge, bootTimeout, shutdownTimeout, heartbeatTimeout, intensity, MaxSurge.UNBOUNDED);
	}

	/**
	 * These settings with another autoscaling policy.
	 * @param autoscale the policy
	 * @return the settings
	 */
	public SupervisorSettings withAutoscale(AutoscalePolicy autoscale) {
		return new SupervisorSettings(this.size, this.minRestartAge, this.bootTimeout, this.shutdownTimeout,
				this.heartbeatTimeout, this.intensity, this.maxSurge, this.quitDelay, this.recycle, autoscale);
	}

}
