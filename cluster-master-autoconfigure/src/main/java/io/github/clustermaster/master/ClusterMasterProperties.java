package io.github.clustermaster.master;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.clustermaster.master.port.PortSharing;
import io.github.clustermaster.supervisor.CanaryPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of cluster-master: data only, its groups as nested classes.
 * {@link ClusterMasterPropertiesValidator} checks them when they are bound, so a bad value
 * fails the master's start-up naming the property; {@link SupervisorSettingsMapper} turns
 * them into the supervisor's settings.
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
	 * Number of workers, from 0 to 1024. Defaults to the number of available processors,
	 * lowered to as many as fit in the memory budget (see cluster.master.memory.enabled).
	 */
	private @Nullable Integer size;

	/**
	 * Number of hot spares: workers of the current release and configuration that boot
	 * and become ready beside the pool but do not accept connections until a worker is
	 * lost (a crash, a hang, recycling, a resize up, autoscaling); one then takes the lost
	 * worker's place at once and a new spare boots behind it. Each costs a worker's memory
	 * (counted in the memory budget) and its boot's CPU. Tomcat serving a servlet
	 * application, or Reactor Netty on epoll serving a WebFlux application, on the
	 * master's inherited socket (on another server the master fails its start); 0 for
	 * none.
	 */
	private int spares;

	/**
	 * Jar file (ending in .jar) or main class the workers run instead of the application
	 * itself; a main class runs with the master's classpath. The jar must exist, the class
	 * must be on that class path, when the master starts.
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
	 * quit gracefully, SIGTTIN and SIGTTOU add or remove a worker, SIGUSR2 upgrades the
	 * master (a new master from the deploy path takes the listening socket over).
	 */
	private boolean signals = true;

	/**
	 * Where the master's REPL listens: a UNIX socket path, a TCP port (bound to
	 * 127.0.0.1), address:port, or false to disable it. Defaults to the environment
	 * variable CLUSTER_MASTER_REPL, else 'cluster-master-socket' in the working directory.
	 * A socket's directory must exist.
	 */
	private @Nullable String repl;

	/**
	 * Directory of the master's release cache: each release of the application (the jar
	 * at the deploy path, by content) is extracted there once and workers launch from it.
	 * Defaults to a directory named after the deploy path under $XDG_CACHE_HOME/cluster-master
	 * or ~/.cache/cluster-master, else under ${java.io.tmpdir}/cluster-master-<user>.
	 */
	private @Nullable Path cacheDir;

	/**
	 * Whether workers boot with a class-data archive of their release (dynamic CDS on JDK
	 * 17 to 24, the AOT cache on JDK 25 and later), built once in the background by a
	 * training run of the application.
	 */
	private boolean fastStart = true;

	/**
	 * Program arguments the class-data archive's training run gets after the workers' own,
	 * e.g. to point it at a database of its own: the training run creates the application's
	 * beans and starts its lifecycle beans and its web server, on a free loopback port, then
	 * sends itself one request and stops, before any runner or scheduled task runs.
	 */
	private List<String> trainingArgs = new ArrayList<>();

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
	 * How long the workers serve on after a graceful quit (SIGTERM, the REPL's 'stop',
	 * POST .../quit) began, their readiness already refusing traffic, before they drain:
	 * time for a load balancer (Kubernetes endpoints) to stop sending. 0 to drain at once.
	 */
	private Duration quitDelay = Duration.ZERO;

	/**
	 * How long a worker may take from its start until its application is ready before it
	 * is killed. A master upgrade gives the new master twice this long to have its workers
	 * ready before it is stopped and the old master serves on.
	 */
	private Duration bootTimeout = Duration.ofMinutes(2);

	/**
	 * How long a ready worker may stay silent (workers send a heartbeat every second)
	 * before it is taken for hung: asked for a thread dump, replaced, and killed once its
	 * replacement is ready.
	 */
	private Duration heartbeatTimeout = Duration.ofSeconds(30);

	/**
	 * How the workers share server.port: 'inherit' (one listening socket bound by the
	 * master and inherited by every worker; Tomcat and Jetty), 'reuse-port' (each worker
	 * binds with SO_REUSEPORT; Jetty and Reactor Netty), or 'auto' (inherit where the
	 * server and the platform allow it, else reuse-port).
	 */
	private PortSharing portSharing = PortSharing.AUTO;

	/**
	 * File the master writes its pid to once it has bound its port, and removes when it
	 * exits; a master started by an upgrade writes it when it takes over, and the old one
	 * leaves it. Its directory must exist. Scripts then find the master by construction, e.g.
	 * kill -HUP $(cat cluster-master.pid); its workers run the same command line.
	 */
	private @Nullable String pidFile;

	/**
	 * File the master appends its supervisor's events and its own to, one JSON object per
	 * line (JSON Lines: worker-started, worker-ready, worker-exited, rollout-done,
	 * upgrade-ready, ...; see docs/events.md), for tools and tests that read events rather
	 * than log sentences.
	 * Its directory must exist. Off when not set.
	 */
	private @Nullable String eventLog;

	/**
	 * Where the application's scheduled tasks (@Scheduled methods, SchedulingConfigurer
	 * tasks) run: 'single' in one worker of the pool at a time, the holder of the pool's
	 * 'scheduling' lease (the other workers skip each run; the lease moves to another
	 * worker when its holder exits, is stopped, or hangs for 10 seconds); 'every-worker'
	 * in every worker, as each JVM would alone.
	 */
	private Scheduling scheduling = Scheduling.SINGLE;

	private final Intensity restartIntensity = new Intensity();

	private final Restart restart = new Restart();

	private final Memory memory = new Memory();

	private final Recycle recycle = new Recycle();

	private final Autoscale autoscale = new Autoscale();

	/**
	 * The pool's secret (at least 16 characters), from which the values every worker must
	 * share are derived, such as the password Boot generates for its user when
	 * spring.security.user.password is not set. When not set, the master generates one at
	 * start and hands it to every worker over IPC (never in their environment), and to a
	 * master that an upgrade starts; set it (or CLUSTER_MASTER_POOL_SECRET) to keep those
	 * values across restarts of the master.
	 */
	private @Nullable String poolSecret;

	private final Warnings warnings = new Warnings();

	public @Nullable String getPoolSecret() {
		return this.poolSecret;
	}

	public void setPoolSecret(@Nullable String poolSecret) {
		this.poolSecret = poolSecret;
	}

	public Warnings getWarnings() {
		return this.warnings;
	}

	private final Actuator actuator = new Actuator();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getSize() {
		return this.size;
	}

	public int getSpares() {
		return this.spares;
	}

	public void setSpares(int spares) {
		this.spares = spares;
	}

	public void setSize(@Nullable Integer size) {
		this.size = size;
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

	public @Nullable Path getCacheDir() {
		return this.cacheDir;
	}

	public void setCacheDir(@Nullable Path cacheDir) {
		this.cacheDir = cacheDir;
	}

	public boolean isFastStart() {
		return this.fastStart;
	}

	public void setFastStart(boolean fastStart) {
		this.fastStart = fastStart;
	}

	public List<String> getTrainingArgs() {
		return this.trainingArgs;
	}

	public void setTrainingArgs(List<String> trainingArgs) {
		this.trainingArgs = trainingArgs;
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

	public Duration getQuitDelay() {
		return this.quitDelay;
	}

	public void setQuitDelay(Duration quitDelay) {
		this.quitDelay = quitDelay;
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

	public @Nullable String getPidFile() {
		return this.pidFile;
	}

	public void setPidFile(@Nullable String pidFile) {
		this.pidFile = pidFile;
	}

	public @Nullable String getEventLog() {
		return this.eventLog;
	}

	public void setEventLog(@Nullable String eventLog) {
		this.eventLog = eventLog;
	}

	public Intensity getRestartIntensity() {
		return this.restartIntensity;
	}

	public Restart getRestart() {
		return this.restart;
	}

	public Memory getMemory() {
		return this.memory;
	}

	public Recycle getRecycle() {
		return this.recycle;
	}

	public Scheduling getScheduling() {
		return this.scheduling;
	}

	public void setScheduling(Scheduling scheduling) {
		this.scheduling = scheduling;
	}

	public Autoscale getAutoscale() {
		return this.autoscale;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ClusterMasterPropertiesValidator.INSTANCE.supports(type);
	}

	/**
	 * Boot validates a properties bean that is a {@link Validator} itself when it binds it,
	 * and reports each rejected field as the property it binds; the checks are
	 * {@link ClusterMasterPropertiesValidator}'s.
	 */
	@Override
	public void validate(Object target, Errors errors) {
		ClusterMasterPropertiesValidator.INSTANCE.validate(target, errors);
	}

	/**
	 * Where the application's scheduled tasks run.
	 */
	public enum Scheduling {

		/** In one worker of the pool at a time: the holder of the 'scheduling' lease. */
		SINGLE,

		/** In every worker, as each JVM would alone. */
		EVERY_WORKER;

		/**
		 * The property's value, as written in configuration.
		 * @return {@code single} or {@code every-worker}
		 */
		public String propertyValue() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

	/**
	 * Rolling restarts (and, for {@code max-surge}, every boot of workers).
	 */
	public static class Restart {

		/**
		 * How many workers may boot at once: replacements during a rolling restart (each old
		 * worker is stopped as soon as one replacement is ready, never leaving fewer than
		 * 'size' ready workers; the first replacement boots alone and must survive
		 * min-restart-age), and new workers at the first start and on a resize. A count
		 * ('2') or a percentage of 'size', rounded up ('25%'). Default: the number of
		 * processors available to the master, as JVM boots are CPU-bound.
		 */
		private @Nullable String maxSurge;

		private final Canary canary = new Canary();

		public Canary getCanary() {
			return this.canary;
		}

		public @Nullable String getMaxSurge() {
			return this.maxSurge;
		}

		public void setMaxSurge(@Nullable String maxSurge) {
			this.maxSurge = maxSurge;
		}

	}

	/**
	 * Canary analysis of rolling restarts: the new release is judged by its own traffic,
	 * its workers against the old release's over the same window, and a release clearly
	 * worse is aborted and rolled back.
	 */
	public static class Canary {

		/**
		 * Whether a rolling restart judges the new release by its traffic: while its first
		 * replacement is on probation, and at each later step while new and old workers serve
		 * side by side.
		 */
		private boolean enabled = true;

		/**
		 * How far back the compared requests reach (each worker reads it too: its heartbeat
		 * carries the outcomes and latency of its last window), the longest time the first
		 * replacement is held for enough traffic to judge it, and how long a slower latency
		 * must last, the rollout held meanwhile, before it aborts the rollout. At least 2s.
		 */
		private Duration window = Duration.ofSeconds(10);

		/**
		 * The fewest requests the new workers must have served in the window before their
		 * errors and their median latency are judged (their p99 latency is judged once they
		 * have served at least 50). The first replacement is held until then.
		 */
		private int minRequests = 10;

		/**
		 * By how many percentage points the new workers' share of 5xx and failed requests
		 * must exceed the old workers' to count as worse (with error-ratio).
		 */
		private double errorIncrease = 5;

		/**
		 * How many times the old workers' share of 5xx and failed requests the new workers'
		 * must be to count as worse (with error-increase).
		 */
		private double errorRatio = 5;

		/**
		 * How many times the old workers' latency the new workers' must be to count as
		 * slower (with latency-increase), by the median and by the p99.
		 */
		private double latencyRatio = 3;

		/**
		 * How far above the old workers' latency the new workers' must be to count as slower
		 * (with latency-ratio), by the median and by the p99: keeps a fast endpoint's jitter, and a new JVM's first
		 * slow requests, from aborting a rollout.
		 */
		private Duration latencyIncrease = Duration.ofMillis(100);

		/**
		 * What a rolling restart does when the new release served too few requests to
		 * judge it within the window: 'proceed' (and say so in the outcome) or 'abort'.
		 */
		private CanaryPolicy.TooLittleTraffic tooLittleTraffic = CanaryPolicy.TooLittleTraffic.PROCEED;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getMinRequests() {
			return this.minRequests;
		}

		public void setMinRequests(int minRequests) {
			this.minRequests = minRequests;
		}

		public double getErrorIncrease() {
			return this.errorIncrease;
		}

		public void setErrorIncrease(double errorIncrease) {
			this.errorIncrease = errorIncrease;
		}

		public double getErrorRatio() {
			return this.errorRatio;
		}

		public void setErrorRatio(double errorRatio) {
			this.errorRatio = errorRatio;
		}

		public double getLatencyRatio() {
			return this.latencyRatio;
		}

		public void setLatencyRatio(double latencyRatio) {
			this.latencyRatio = latencyRatio;
		}

		public Duration getLatencyIncrease() {
			return this.latencyIncrease;
		}

		public void setLatencyIncrease(Duration latencyIncrease) {
			this.latencyIncrease = latencyIncrease;
		}

		public CanaryPolicy.TooLittleTraffic getTooLittleTraffic() {
			return this.tooLittleTraffic;
		}

		public void setTooLittleTraffic(CanaryPolicy.TooLittleTraffic tooLittleTraffic) {
			this.tooLittleTraffic = tooLittleTraffic;
		}

	}

	/**
	 * The memory budget: the workers' heaps fitted into the memory the master sees.
	 */
	public static class Memory {

		/**
		 * Whether the master fits the workers into the memory it sees: when no option sets
		 * their heap (-Xmx, -XX:MaxHeapSize, -XX:MaxRAMPercentage, -XX:MaxRAM), each worker
		 * gets -Xmx of its share (if below the JVM's default), and an unset size is lowered
		 * to what fits; an explicit heap is checked and warned about. Either way a resize
		 * up that would not fit is refused unless forced.
		 */
		private boolean enabled = true;

		/**
		 * The memory the master and its workers may use together. Defaults to the limit of
		 * the master's cgroup (memory.max, or memory.limit_in_bytes on cgroup v1), else the
		 * machine's physical memory.
		 */
		private @Nullable DataSize limit;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable DataSize getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable DataSize limit) {
			this.limit = limit;
		}

	}

	/**
	 * The workers' Actuator. Read by each worker (the master has no Actuator).
	 */
	public static class Actuator {

		/**
		 * Whether every response, not only those under the Actuator's base path, carries
		 * the Cluster-Worker header naming the worker that answered. Off by default: it
		 * tells clients how the pool is made.
		 */
		private boolean headerEverywhere;

		public boolean isHeaderEverywhere() {
			return this.headerEverywhere;
		}

		public void setHeaderEverywhere(boolean headerEverywhere) {
			this.headerEverywhere = headerEverywhere;
		}

	}

	/**
	 * Autoscaling between bounds: one worker more when connections keep waiting in the
	 * shared accept queue (or the request threads stay busy), one fewer when the workers
	 * stay idle. Off unless both min and max are set.
	 */
	public static class Autoscale {

		/**
		 * The fewest workers (at least 1); the pool starts with it unless
		 * cluster.master.size is set.
		 */
		private @Nullable Integer min;

		/**
		 * The most workers; lowered to what fits in the memory budget.
		 */
		private @Nullable Integer max;

		/**
		 * How long the pool is judged before it grows by one worker: it grows once at least
		 * half of the once-a-second samples of the last window were under pressure
		 * (connections waiting in the accept queue, or busy-threshold of the request threads
		 * busy) and it is under pressure now, so that a bursty load with short gaps grows it
		 * as a steady one does.
		 */
		private Duration window = Duration.ofSeconds(10);

		/**
		 * How long the workers must stay idle, every sample of it, before the pool shrinks by
		 * one worker.
		 */
		private Duration idleWindow = Duration.ofMinutes(2);

		/**
		 * How long after a change of the size (autoscaling's or a resize) the next may come.
		 */
		private Duration cooldown = Duration.ofSeconds(30);

		/**
		 * The part of the request threads busy that counts as pressure (Tomcat, Jetty); idle is
		 * under half of it with one worker fewer.
		 */
		private double busyThreshold = 0.8;

		public @Nullable Integer getMin() {
			return this.min;
		}

		public void setMin(@Nullable Integer min) {
			this.min = min;
		}

		public @Nullable Integer getMax() {
			return this.max;
		}

		public void setMax(@Nullable Integer max) {
			this.max = max;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public Duration getIdleWindow() {
			return this.idleWindow;
		}

		public void setIdleWindow(Duration idleWindow) {
			this.idleWindow = idleWindow;
		}

		public Duration getCooldown() {
			return this.cooldown;
		}

		public void setCooldown(Duration cooldown) {
			this.cooldown = cooldown;
		}

		public double getBusyThreshold() {
			return this.busyThreshold;
		}

		public void setBusyThreshold(double busyThreshold) {
			this.busyThreshold = busyThreshold;
		}

	}

	/**
	 * Recycling: a worker past a limit is replaced by a fresh one, one worker at a time,
	 * its replacement ready before it drains (gunicorn's max_requests, pm2's
	 * max_memory_restart, uWSGI's reload-on-rss). Off unless a limit is set.
	 */
	public static class Recycle {

		/**
		 * Recycle a worker once it has served this many HTTP requests (at least 100).
		 */
		private @Nullable Long maxRequests;

		/**
		 * Recycle a worker once it is this old (at least 30s).
		 */
		private @Nullable Duration maxAge;

		/**
		 * Recycle a worker once its resident memory (VmRSS, reported with its heartbeat)
		 * exceeds this (at least 64MB).
		 */
		private @Nullable DataSize maxMemory;

		public @Nullable Long getMaxRequests() {
			return this.maxRequests;
		}

		public void setMaxRequests(@Nullable Long maxRequests) {
			this.maxRequests = maxRequests;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

		public @Nullable DataSize getMaxMemory() {
			return this.maxMemory;
		}

		public void setMaxMemory(@Nullable DataSize maxMemory) {
			this.maxMemory = maxMemory;
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

/**
	 * The start-up warnings about the application's state that each worker keeps for
	 * itself, which the master logs once for the pool when it has more than one worker.
	 */
	public static class Warnings {

		/**
		 * Whether to warn that each worker has its own in-memory database (H2 mem:, HSQLDB
		 * mem:, Derby, Boot's embedded default).
		 */
		private boolean inMemoryDatabase = true;

		/**
		 * Whether to warn that Spring's simple STOMP broker reaches only the clients of the
		 * worker that sends.
		 */
		private boolean simpleBroker = true;

		/**
		 * Whether to warn that a cache manager keeps its entries in each worker's heap
		 * (ConcurrentMapCacheManager, Caffeine, cache2k).
		 */
		private boolean localCache = true;

		public boolean isInMemoryDatabase() {
			return this.inMemoryDatabase;
		}

		public void setInMemoryDatabase(boolean inMemoryDatabase) {
			this.inMemoryDatabase = inMemoryDatabase;
		}

		public boolean isSimpleBroker() {
			return this.simpleBroker;
		}

		public void setSimpleBroker(boolean simpleBroker) {
			this.simpleBroker = simpleBroker;
		}

		public boolean isLocalCache() {
			return this.localCache;
		}

		public void setLocalCache(boolean localCache) {
			this.localCache = localCache;
		}

	}

}
