package io.github.clustermaster.master;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.pool.PoolSecret;
import io.github.clustermaster.supervisor.MaxSurge;
import io.github.clustermaster.supervisor.SupervisorSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The start-up checks of {@link ClusterMasterProperties}: each rejected value names its
 * field, which Boot reports as the property with its value and origin.
 * <p>
 * Boot applies a {@link Validator} to a {@code @ConfigurationProperties} bean in three
 * ways only: a bean named {@code configurationPropertiesValidator} (global: it would see
 * every properties class of the master's context, the application's
 * {@code @ClusterMasterConfiguration} classes included, and clash with one the application
 * declares), JSR-303 annotations with {@code @Validated} (no file-system checks, and an
 * optional dependency), or the properties bean being a {@code Validator} itself. The
 * properties keep the last, as a one-line delegate to this class, so every start-up error
 * keeps its text and names its property.
 *
 * @author cluster-master
 */
final class ClusterMasterPropertiesValidator implements Validator {

	static final ClusterMasterPropertiesValidator INSTANCE = new ClusterMasterPropertiesValidator();

	/** The fewest requests a worker may be recycled after. */
	static final long MIN_REQUESTS = 100;

	/** The youngest age a worker may be recycled at. */
	static final Duration MIN_AGE = Duration.ofSeconds(30);

	/** The least resident memory a worker may be recycled above. */
	static final DataSize MIN_MEMORY = DataSize.ofMegabytes(64);

	private ClusterMasterPropertiesValidator() {
	}

	@Override
	public boolean supports(Class<?> type) {
		return ClusterMasterProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ClusterMasterProperties properties = (ClusterMasterProperties) target;
		Integer size = properties.getSize();
		if (size != null && (size < 0 || size > SupervisorSettings.MAX_SIZE)) {
			errors.rejectValue("size", "range", ClusterCommand.Resize.EXPECTED + ", was " + size);
		}
		if (properties.getSpares() < 0 || properties.getSpares() > SupervisorSettings.MAX_SIZE) {
			errors.rejectValue("spares", "range", "must be from 0 to " + SupervisorSettings.MAX_SIZE + ", was "
					+ properties.getSpares());
		}
		if (properties.getWorkerProfile().isBlank()) {
			errors.rejectValue("workerProfile", "blank", "must not be blank");
		}
		validateExec(errors, properties.getExec());
		String poolSecret = properties.getPoolSecret();
		if (poolSecret != null && poolSecret.strip().length() < PoolSecret.MIN_LENGTH) {
			errors.rejectValue("poolSecret", "short", "must have at least " + PoolSecret.MIN_LENGTH + " characters");
		}
		if (properties.getJvmArgs().stream().anyMatch(String::isBlank)) {
			errors.rejectValue("jvmArgs", "blank", "must not contain blank options");
		}
		try {
			Path socket = ReplAddress.parse(properties.getRepl()).path();
			Path directory = (socket != null) ? socket.toAbsolutePath().getParent() : null;
			if (properties.getRepl() != null && directory != null && !Files.isDirectory(directory)) {
				errors.rejectValue("repl", "directory", "its directory " + directory + " does not exist");
			}
		}
		catch (IllegalArgumentException ex) {
			errors.rejectValue("repl", "format", ex.getMessage() + "; use a socket path, a port, address:port or false");
		}
		validateFile(errors, "pidFile", properties.getPidFile());
		validateFile(errors, "eventLog", properties.getEventLog());
		Path cacheDir = properties.getCacheDir();
		if (cacheDir != null && Files.exists(cacheDir) && !Files.isDirectory(cacheDir)) {
			errors.rejectValue("cacheDir", "directory", "must be a directory (or not exist yet)");
		}
		if (properties.getTrainingArgs().stream().anyMatch(String::isBlank)) {
			errors.rejectValue("trainingArgs", "blank", "must not contain blank arguments");
		}
		positive(errors, "shutdownTimeout", properties.getShutdownTimeout());
		if (properties.getQuitDelay().isNegative()) {
			errors.rejectValue("quitDelay", "negative", "must not be negative");
		}
		positive(errors, "bootTimeout", properties.getBootTimeout());
		if (properties.getMinRestartAge().isNegative()) {
			errors.rejectValue("minRestartAge", "negative", "must not be negative");
		}
		if (properties.getHeartbeatTimeout().compareTo(Duration.ofSeconds(3)) < 0) {
			errors.rejectValue("heartbeatTimeout", "range", "must be at least 3s (workers send a heartbeat every second)");
		}
		String maxSurge = properties.getRestart().getMaxSurge();
		if (maxSurge != null) {
			try {
				MaxSurge.parse(maxSurge);
			}
			catch (IllegalArgumentException ex) {
				errors.rejectValue("restart.maxSurge", "format", ex.getMessage());
			}
		}
		DataSize limit = properties.getMemory().getLimit();
		if (limit != null && limit.toBytes() <= 0) {
			errors.rejectValue("memory.limit", "positive", "must be positive, e.g. 4GB");
		}
		validateCanary(errors, properties.getRestart().getCanary());
		validateRecycle(errors, properties.getRecycle());
		validateAutoscale(errors, properties.getAutoscale(), size);
		ClusterMasterProperties.Intensity intensity = properties.getRestartIntensity();
		if (intensity.getMaxRestarts() < 0) {
			errors.rejectValue("restartIntensity.maxRestarts", "negative", "must not be negative");
		}
		positive(errors, "restartIntensity.period", intensity.getPeriod());
		positive(errors, "restartIntensity.initialBackoff", intensity.getInitialBackoff());
		if (intensity.getMaxBackoff().compareTo(intensity.getInitialBackoff()) < 0) {
			errors.rejectValue("restartIntensity.maxBackoff", "range", "must not be less than initial-backoff");
		}
	}

	/**
	 * Bounds come in pairs, in order, within what {@code size} takes, and hold the size
	 * given.
	 */
	private static void validateAutoscale(Errors errors, ClusterMasterProperties.Autoscale autoscale, @Nullable Integer size) {
		Integer min = autoscale.getMin();
		Integer max = autoscale.getMax();
		if ((min == null) != (max == null)) {
			errors.rejectValue((min == null) ? "autoscale.min" : "autoscale.max", "pair",
					"must be set together with autoscale." + ((min == null) ? "max" : "min")
							+ " (autoscaling is off unless both are)");
			return;
		}
		if (min == null || max == null) {
			return;
		}
		if (min < 1 || min > SupervisorSettings.MAX_SIZE) {
			errors.rejectValue("autoscale.min", "range", "must be from 1 to " + SupervisorSettings.MAX_SIZE);
		}
		else if (max < min || max > SupervisorSettings.MAX_SIZE) {
			errors.rejectValue("autoscale.max", "range",
					"must be from autoscale.min (" + min + ") to " + SupervisorSettings.MAX_SIZE);
		}
		else if (size != null && (size < min || size > max)) {
			errors.rejectValue("size", "range", "must be within the autoscaling bounds, " + min + " to " + max
					+ ", was " + size + " (or leave it out: the pool starts at autoscale.min)");
		}
		if (autoscale.getWindow().compareTo(Duration.ofSeconds(1)) < 0) {
			errors.rejectValue("autoscale.window", "range", "must be at least 1s (the master looks once a second)");
		}
		if (autoscale.getIdleWindow().compareTo(Duration.ofSeconds(1)) < 0) {
			errors.rejectValue("autoscale.idleWindow", "range", "must be at least 1s (the master looks once a second)");
		}
		if (autoscale.getCooldown().isNegative()) {
			errors.rejectValue("autoscale.cooldown", "negative", "must not be negative");
		}
		double threshold = autoscale.getBusyThreshold();
		if (!(threshold > 0 && threshold <= 1)) {
			errors.rejectValue("autoscale.busyThreshold", "range",
					"must be a part of the request threads above 0 and at most 1, e.g. 0.8, was " + threshold);
		}
	}

	/**
	 * Limits so low that workers would be recycled faster than they boot are mistakes:
	 * below these minima the master refuses to start.
	 */
	private static void validateRecycle(Errors errors, ClusterMasterProperties.Recycle recycle) {
		Long maxRequests = recycle.getMaxRequests();
		if (maxRequests != null && maxRequests < MIN_REQUESTS) {
			errors.rejectValue("recycle.maxRequests", "range", "must be at least " + MIN_REQUESTS
					+ " (a worker recycled after fewer requests spends more time booting than serving)");
		}
		Duration maxAge = recycle.getMaxAge();
		if (maxAge != null && maxAge.compareTo(MIN_AGE) < 0) {
			errors.rejectValue("recycle.maxAge", "range", "must be at least " + MIN_AGE.toSeconds()
					+ "s (a worker recycled younger spends more time booting than serving)");
		}
		DataSize maxMemory = recycle.getMaxMemory();
		if (maxMemory != null && maxMemory.compareTo(MIN_MEMORY) < 0) {
			errors.rejectValue("recycle.maxMemory", "range", "must be at least " + MIN_MEMORY.toMegabytes()
					+ "MB (a JVM serving a Spring Boot application uses more than that from the start)");
		}
	}

	/**
	 * A jar must exist (relative to the working directory, which the workers share), a
	 * main class must be on the master's class path: else every worker fails to boot.
	 */
	private static void validateExec(Errors errors, @Nullable String exec) {
		if (exec == null) {
			return;
		}
		if (exec.isBlank()) {
			errors.rejectValue("exec", "blank", "must name a jar or a main class, or be left out");
		}
		else if (exec.toLowerCase(Locale.ROOT).endsWith(".jar")) {
			try {
				Path jar = Path.of(exec).toAbsolutePath();
				if (!Files.isRegularFile(jar)) {
					errors.rejectValue("exec", "missing", "names a jar that does not exist: " + jar);
				}
			}
			catch (InvalidPathException ex) {
				errors.rejectValue("exec", "path", "is not a valid path: " + ex.getMessage());
			}
		}
		else if (!ClassUtils.isPresent(exec.strip(), ClassUtils.getDefaultClassLoader())) {
			errors.rejectValue("exec", "missing",
					"names a main class that is not on the class path (or a jar without .jar at its end)");
		}
	}

	/** A file the master writes: not blank, not a directory, in a directory that exists. */
	private static void validateFile(Errors errors, String field, @Nullable String file) {
		if (file == null) {
			return;
		}
		if (file.isBlank()) {
			errors.rejectValue(field, "blank", "must name a file, or be left out");
			return;
		}
		try {
			Path path = Path.of(file).toAbsolutePath();
			Path directory = path.getParent();
			if (Files.isDirectory(path)) {
				errors.rejectValue(field, "directory", "is a directory; name a file in it");
			}
			else if (directory == null || !Files.isDirectory(directory)) {
				errors.rejectValue(field, "directory", "its directory " + directory + " does not exist");
			}
		}
		catch (InvalidPathException ex) {
			errors.rejectValue(field, "path", "is not a valid path: " + ex.getMessage());
		}
	}

	private static void validateCanary(Errors errors, ClusterMasterProperties.Canary canary) {
		positive(errors, "restart.canary.window", canary.getWindow());
		if (canary.getWindow().compareTo(Duration.ofSeconds(2)) < 0) {
			errors.rejectValue("restart.canary.window", "range",
					"must be at least 2s (workers report their requests with a heartbeat every second)");
		}
		if (canary.getMinRequests() < 1) {
			errors.rejectValue("restart.canary.minRequests", "range", "must be at least 1");
		}
		if (canary.getErrorIncrease() < 0 || canary.getErrorIncrease() > 100) {
			errors.rejectValue("restart.canary.errorIncrease", "range", "must be from 0 to 100 (percentage points)");
		}
		if (canary.getErrorRatio() < 1) {
			errors.rejectValue("restart.canary.errorRatio", "range", "must be at least 1");
		}
		if (canary.getLatencyRatio() < 1) {
			errors.rejectValue("restart.canary.latencyRatio", "range", "must be at least 1");
		}
		if (canary.getLatencyIncrease().isNegative()) {
			errors.rejectValue("restart.canary.latencyIncrease", "negative", "must not be negative");
		}
	}

	private static void positive(Errors errors, String field, Duration value) {
		if (value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "positive", "must be positive");
		}
	}

}
