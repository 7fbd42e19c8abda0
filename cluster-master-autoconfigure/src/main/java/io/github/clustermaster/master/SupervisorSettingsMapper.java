package io.github.clustermaster.master;

import io.github.clustermaster.supervisor.AutoscalePolicy;
import io.github.clustermaster.supervisor.CanaryPolicy;
import io.github.clustermaster.supervisor.MaxSurge;
import io.github.clustermaster.supervisor.RecyclePolicy;
import io.github.clustermaster.supervisor.RestartIntensity;
import io.github.clustermaster.supervisor.SupervisorSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The supervisor's settings from {@link ClusterMasterProperties}, and the defaults that
 * depend on the machine (the size, the max surge). {@link MasterContextConfiguration}
 * merges them with the memory budget.
 *
 * @author cluster-master
 */
final class SupervisorSettingsMapper {

	private SupervisorSettingsMapper() {
	}

	/**
	 * The number of workers: {@code size}, else autoscaling's {@code min}, else the
	 * available processors.
	 * @param properties the properties
	 * @return the size
	 */
	static int size(ClusterMasterProperties properties) {
		Integer size = properties.getSize();
		if (size != null) {
			return size;
		}
		Integer min = autoscaleMin(properties.getAutoscale());
		return (min != null) ? min : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * The supervisor's settings, with a size decided elsewhere (the memory budget lowers a
	 * default size that does not fit).
	 * @param properties the properties
	 * @param size the number of workers to start
	 * @return the settings
	 */
	static SupervisorSettings settings(ClusterMasterProperties properties, int size) {
		ClusterMasterProperties.Intensity intensity = properties.getRestartIntensity();
		return new SupervisorSettings(size, properties.getMinRestartAge(), properties.getBootTimeout(),
				properties.getShutdownTimeout(), properties.getHeartbeatTimeout(),
				new RestartIntensity(intensity.getMaxRestarts(), intensity.getPeriod(), intensity.getInitialBackoff(),
						intensity.getMaxBackoff()),
				maxSurge(properties.getRestart()), properties.getQuitDelay(), recycle(properties.getRecycle()),
				autoscale(properties.getAutoscale()), canary(properties.getRestart().getCanary()));
	}

	/**
	 * The supervisor's settings with the size of {@link #size(ClusterMasterProperties)}.
	 * @param properties the properties
	 * @return the settings
	 */
	static SupervisorSettings settings(ClusterMasterProperties properties) {
		return settings(properties, size(properties));
	}

	/**
	 * How many workers may boot at once: {@code restart.max-surge}, else the processors
	 * available to the master, as JVM boots are CPU-bound.
	 * @param restart the rolling restart's properties
	 * @return the max surge
	 */
	static MaxSurge maxSurge(ClusterMasterProperties.Restart restart) {
		String maxSurge = restart.getMaxSurge();
		return (maxSurge != null) ? MaxSurge.parse(maxSurge)
				: new MaxSurge(Runtime.getRuntime().availableProcessors(), false);
	}

	/**
	 * Autoscaling's most workers, when autoscaling is on (both bounds set).
	 * @param autoscale the autoscaling properties
	 * @return the most workers, or {@code null} without autoscaling
	 */
	static @Nullable Integer autoscaleMax(ClusterMasterProperties.Autoscale autoscale) {
		return (autoscale.getMin() != null) ? autoscale.getMax() : null;
	}

	private static @Nullable Integer autoscaleMin(ClusterMasterProperties.Autoscale autoscale) {
		return (autoscale.getMax() != null) ? autoscale.getMin() : null;
	}

	static AutoscalePolicy autoscale(ClusterMasterProperties.Autoscale autoscale) {
		Integer min = autoscale.getMin();
		Integer max = autoscale.getMax();
		if (min == null || max == null) {
			return AutoscalePolicy.OFF;
		}
		return new AutoscalePolicy(min, max, autoscale.getWindow(), autoscale.getIdleWindow(), autoscale.getCooldown(),
				autoscale.getBusyThreshold());
	}

	static RecyclePolicy recycle(ClusterMasterProperties.Recycle recycle) {
		DataSize maxMemory = recycle.getMaxMemory();
		return new RecyclePolicy(recycle.getMaxRequests(), recycle.getMaxAge(),
				(maxMemory != null) ? maxMemory.toBytes() : null);
	}

	/** The error increase is written in percentage points, the policy's is a fraction. */
	static CanaryPolicy canary(ClusterMasterProperties.Canary canary) {
		return new CanaryPolicy(canary.isEnabled(), canary.getWindow(), canary.getMinRequests(),
				canary.getErrorIncrease() / 100, canary.getErrorRatio(), canary.getLatencyRatio(),
				canary.getLatencyIncrease(), canary.getTooLittleTraffic());
	}

}
