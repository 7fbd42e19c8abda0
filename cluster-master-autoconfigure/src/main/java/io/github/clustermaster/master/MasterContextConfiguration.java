package io.github.clustermaster.master;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.events.MasterEvents;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.WireJson;
import io.github.clustermaster.master.events.EventLog;
import io.github.clustermaster.master.launch.MasterJar;
import io.github.clustermaster.master.launch.MasterReleases;
import io.github.clustermaster.master.launch.ProcessWorkerLauncher;
import io.github.clustermaster.master.memory.MemoryBudget;
import io.github.clustermaster.master.memory.MemoryBudgetException;
import io.github.clustermaster.master.memory.VisibleMemory;
import io.github.clustermaster.master.port.MasterPort;
import io.github.clustermaster.master.port.WorkerServer;
import io.github.clustermaster.master.upgrade.MasterTakeover;
import io.github.clustermaster.master.upgrade.MasterUpgrader;
import io.github.clustermaster.master.upgrade.UpgradeEnvironment;
import io.github.clustermaster.session.ClusterSessionProperties;
import io.github.clustermaster.warmup.ClusterWarmupProperties;
import io.github.clustermaster.session.SessionStore;
import io.github.clustermaster.messaging.ClusterMessageListener;
import io.github.clustermaster.messaging.MasterMessaging;
import io.github.clustermaster.messaging.MessageCodec;
import io.github.clustermaster.pool.PoolSecret;
import io.github.clustermaster.release.ClassDataArchives;
import io.github.clustermaster.supervisor.AutoscalePolicy;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.Supervisor;
import io.github.clustermaster.supervisor.SupervisorSettings;
import io.github.clustermaster.supervisor.WorkerLauncher;
import io.github.clustermaster.supervisor.WorkerState;
import io.github.clustermaster.systemd.SystemdNotifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The master's own beans: it replaces the application's sources, so the master creates
 * none of the application's beans and starts no web server. The application's
 * {@link ClusterMasterConfiguration @ClusterMasterConfiguration} classes are registered
 * before it, so that their {@link WorkerCommandLine} or {@link WorkerLauncher} replaces
 * this one's, and their {@link WorkerCommandLineCustomizer}s are applied in order.
 *
 * @author cluster-master
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ClusterMasterProperties.class, ClusterSessionProperties.class,
		ClusterWarmupProperties.class })
public class MasterContextConfiguration {

	private static final Log logger = LogFactory.getLog(MasterContextConfiguration.class);

	/** Property holding the web application type the workers will have. */
	public static final String WORKER_WEB_APPLICATION_TYPE = "cluster.master.worker-web-application-type";

	@Bean(destroyMethod = "")
	IpcServer clusterMasterIpcServer() throws IOException {
		IpcServer server = IpcServer.bind();
		UpgradeEnvironment.Predecessor predecessor = MasterTakeover.predecessor();
		if (predecessor != null) {
			// The old master's workers hold their leases until its quit has drained them.
			ProcessHandle.of(predecessor.pid()).ifPresent((old) -> {
				logger.info("Leases (the pool's scheduled work, ClusterLocks) are granted once the master this one "
						+ "replaces (pid " + old.pid() + ") has exited");
				server.leases().withholdUntil(old.onExit());
			});
		}
		return server;
	}

	@Bean(destroyMethod = "")
	MasterPort clusterMasterPort(Environment environment, ClusterMasterProperties properties,
			ClusterWarmupProperties warmup, MasterEvents events) {
		String workerType = environment.getProperty(WORKER_WEB_APPLICATION_TYPE, "NONE");
		WorkerServer server = WorkerServer.detect(workerType, MasterPort.class.getClassLoader());
		HotSpares.check(properties.getSpares(), workerType, server, properties.getPortSharing());
		Warmups.check(warmup, properties.getSpares(), properties.getBootTimeout(), workerType, server,
				properties.getPortSharing());
		UpgradeEnvironment.Predecessor predecessor = MasterTakeover.predecessor();
		MasterPort port = MasterPort.bind(environment, properties.getPortSharing(), workerType,
				(predecessor != null) ? predecessor.pid() : null);
		MasterEvent.PortShared shared = port.shared();
		if (shared != null) {
			events.accept(shared);
		}
		return port;
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerCommandLine clusterMasterWorkerCommandLine(ClusterMasterProperties properties, ApplicationArguments arguments,
			ObjectProvider<WorkerCommandLineCustomizer> customizers) {
		WorkerCommandLine commandLine = WorkerCommandLine.of(WorkerCommandLine.Launch.current(), properties,
				List.of(arguments.getSourceArgs()));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(commandLine));
		return commandLine;
	}

	/**
	 * The workers' share of memory: once every customizer has run (one may set a heap),
	 * and before anything reads the command line, it adds the heap it chose for them.
	 */
	@Bean
	MemoryBudget clusterMasterMemoryBudget(ClusterMasterProperties properties, WorkerCommandLine commandLine) {
		MemoryBudget budget = MemoryBudget.of(memoryBudgetRequest(properties, commandLine), VisibleMemory.current());
		budget.apply(commandLine.jvmArgs());
		return budget;
	}

	/**
	 * What the memory budget is asked to fit: the properties, and the options of the
	 * customized command line that can set the heap.
	 */
	static MemoryBudget.Request memoryBudgetRequest(ClusterMasterProperties properties, WorkerCommandLine commandLine) {
		ClusterMasterProperties.Memory memory = properties.getMemory();
		return new MemoryBudget.Request(memory.isEnabled(), memory.getLimit(), properties.getSize(),
				SupervisorSettingsMapper.autoscaleMax(properties.getAutoscale()), SupervisorSettingsMapper.size(properties),
				SupervisorSettingsMapper.maxSurge(properties.getRestart()),
				MemoryBudget.heapRelevantOptions(commandLine.jvmArgs(), properties.getEnv()),
				MemoryBudget.OtherJvms.of(properties.isFastStart(), commandLine.command(), properties.getSpares()));
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerLauncher clusterMasterWorkerLauncher(WorkerCommandLine commandLine, MemoryBudget budget, IpcServer ipcServer,
			MasterPort port, ClusterMasterProperties properties, MasterReleases releases) {
		return new ProcessWorkerLauncher(commandLine.command(), ipcServer.socket(), port.stdinRedirect(),
				properties.isSilent(), releases.archives(), UpgradeEnvironment.MASTER_ONLY);
	}

	@Bean
	MasterReleases clusterMasterReleases(ClusterMasterProperties properties, WorkerCommandLine commandLine,
			MemoryBudget budget, MasterEvents events) {
		WorkerCommandLine.Launch launch = WorkerCommandLine.Launch.current();
		MasterJar.detach(launch.javaCommand(), launch.classPath());
		return MasterReleases.prepare(commandLine.command(), properties.getExec() != null, properties.getCacheDir(),
				properties.isFastStart(), properties.getTrainingArgs(), properties.getEnv(), events);
	}

	@Bean(destroyMethod = "")
	Supervisor clusterMasterSupervisor(ClusterMasterProperties properties, WorkerLauncher launcher,
			MasterReleases releases, MemoryBudget budget, ObjectProvider<EventLog> eventLog) {
		Supervisor supervisor = new Supervisor(settings(properties, budget), launcher, properties.getEnv(),
				releases.source(), releases.initial());
		eventLog.ifAvailable(supervisor::addEventListener);
		supervisor.spares(properties.getSpares());
		if (properties.getSpares() > 0) {
			IpcServer.preparePromotions();
		}
		ClassDataArchives archives = releases.archives();
		if (archives != null) {
			// A rolling restart between two boots (a replacement on probation) still boots
			supervisor.addStatusListener((status) -> archives.workersBooting(
					(int) Math.max(status.count(WorkerState.STARTING), status.restarting() ? 1 : 0)));
		}
		return supervisor;
	}

	/**
	 * The supervisor's settings: the size the memory budget allows, and with autoscaling
	 * its most workers lowered to what fits, the pool starting within the bounds.
	 */
	static SupervisorSettings settings(ClusterMasterProperties properties, MemoryBudget budget) {
		AutoscalePolicy autoscale = SupervisorSettingsMapper.autoscale(properties.getAutoscale());
		if (!autoscale.isEnabled()) {
			return SupervisorSettingsMapper.settings(properties, budget.size());
		}
		int max = Math.min(autoscale.max(), budget.size());
		if (max < autoscale.min()) {
			throw new MemoryBudgetException("cluster.master.autoscale.min",
					"cluster.master.autoscale.min=" + autoscale.min() + " workers cannot fit in the memory budget: "
							+ budget.summary(),
					"Lower cluster.master.autoscale.min, or give the master more memory (cluster.master.memory.limit), "
							+ "or set the workers' heap yourself (cluster.master.jvm-args=-Xmx...)");
		}
		if (max < autoscale.max()) {
			logger.warn("cluster.master.autoscale.max=" + autoscale.max() + " is lowered to " + max
					+ ": no more workers fit in the memory budget (" + budget.summary() + ")");
		}
		int size = Math.max(autoscale.min(), Math.min(SupervisorSettingsMapper.size(properties), max));
		SupervisorSettings settings = SupervisorSettingsMapper.settings(properties, size);
		return settings.withAutoscale(new AutoscalePolicy(autoscale.min(), max, autoscale.window(),
				autoscale.idleWindow(), autoscale.cooldown(), autoscale.busyThreshold()));
	}

	/**
	 * The supervisor's events and the master's own, one JSON object per line, when {@code cluster.master.event-log}
	 * names a file; closed after the supervisor's last events are written.
	 */
	@Bean
	@ConditionalOnProperty(EventLog.PROPERTY)
	EventLog clusterMasterEventLog(ClusterMasterProperties properties) throws IOException {
		return new EventLog(Path.of(Objects.requireNonNull(properties.getEventLog())), ProcessHandle.current().pid(),
				WireJson.mapper());
	}

	/**
	 * Where the master's own events (its start, the port, an upgrade, the REPL…) are
	 * logged and given to the event log, if there is one.
	 */
	@Bean
	MasterEvents clusterMasterEvents(ObjectProvider<EventLog> eventLog) {
		MasterEvents events = new MasterEvents();
		eventLog.ifAvailable((log) -> events.addListener(log::accept));
		return events;
	}

	@Bean
	@ConditionalOnProperty(PidFile.PROPERTY)
	PidFile clusterMasterPidFile(ClusterMasterProperties properties, MasterTakeover takeover) {
		return new PidFile(Path.of(Objects.requireNonNull(properties.getPidFile())), ProcessHandle.current().pid(),
				takeover.pending());
	}

	/**
	 * What the master tells systemd, when systemd (or the master this one replaces) gave it
	 * a {@code NOTIFY_SOCKET}; none otherwise. A status listener, after the upgrade's two.
	 */
	@Bean
	@Order(3)
	@Nullable SystemdNotifier clusterMasterSystemdNotifier() {
		return SystemdNotifier.fromEnvironment(System.getenv(), ProcessHandle.current().pid(),
				MasterTakeover.predecessor() != null);
	}

	/**
	 * A status listener, the first: the takeover, the upgrader and systemd's notifier keep
	 * the order they had before they were beans.
	 */
	@Bean
	@Order(1)
	MasterTakeover clusterMasterTakeover(ObjectProvider<ClusterCommandExecutor> executor,
			ObjectProvider<SystemdNotifier> notifier, ApplicationEventPublisher events) {
		return new MasterTakeover(MasterTakeover.predecessor(), quit(executor), notifier.getIfAvailable(), events);
	}

	/** A status listener, after the takeover. */
	@Bean(destroyMethod = "")
	@Order(2)
	MasterUpgrader clusterMasterUpgrader(ApplicationArguments arguments, IpcServer ipcServer, MasterPort port,
			ObjectProvider<ClusterCommandExecutor> executor, ClusterMasterProperties properties,
			ObjectProvider<SystemdNotifier> notifier, ApplicationEventPublisher events, MasterTakeover takeover,
			MasterEvents masterEvents) {
		// The new master's own start and its workers' boot, each within a boot timeout
		Duration timeout = properties.getBootTimeout().multipliedBy(2);
		WorkerCommandLine.Launch launch = WorkerCommandLine.Launch.current();
		List<String> applicationArgs = List.of(arguments.getSourceArgs());
		return new MasterUpgrader(
				(java) -> WorkerCommandLine.master(launch, (java != null) ? java : launch.invokedJava(), applicationArgs),
				Objects.requireNonNull(ipcServer.socket().getParent()), port.stdinRedirect(), quit(executor), timeout,
				properties.getShutdownTimeout().plus(Supervisor.KILL_AFTER_TERMINATE), notifier.getIfAvailable(),
				events, masterEvents, takeover::pending);
	}

	@Bean
	ClusterCommandExecutor clusterMasterCommandExecutor(Supervisor supervisor, MemoryBudget budget,
			MasterUpgrader upgrader) {
		return new ClusterCommandExecutor(supervisor, ProcessHandle.current().pid(), budget, upgrader);
	}

	@Bean
	MasterMessaging clusterMasterMessaging(IpcServer ipcServer, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<ClusterMessageListener> listeners, MasterEvents events) {
		MessageCodec codec = new MessageCodec(jsonMapper.getIfAvailable(WireJson::mapper));
		return new MasterMessaging(ipcServer, codec, () -> listeners.orderedStream().toList(), events);
	}

	@Bean
	MasterActuator clusterMasterPoolActuator(IpcServer ipcServer, Supervisor supervisor) {
		return new MasterActuator(ipcServer, supervisor);
	}

	@Bean
	MasterRequests clusterMasterRequests(ClusterCommandExecutor executor, MasterMessaging messaging,
			MasterActuator actuator) {
		return new MasterRequests(executor, messaging, actuator);
	}

	/**
	 * The master's lifecycle. Every {@code Consumer<ClusterStatus>} bean (the takeover, the
	 * upgrader, systemd's notifier, and any of the application's
	 * {@link ClusterMasterConfiguration @ClusterMasterConfiguration} classes) hears every
	 * status the supervisor publishes, in order.
	 */
	@Bean
	MasterLifecycle clusterMasterLifecycle(Supervisor supervisor, ClusterCommandExecutor executor, IpcServer ipcServer,
			MasterRequests requests, MasterPort port, ClusterMasterProperties properties, ObjectProvider<MasterExit> exit,
			ConfigurableApplicationContext context, MasterTakeover takeover, MasterUpgrader upgrader,
			ObjectProvider<MasterSessions> sessions, ObjectProvider<Consumer<ClusterStatus>> statusListeners,
			MasterEvents events) {
		return new MasterLifecycle(supervisor, executor, ipcServer, requests, port, events, properties.isSignals(),
				exit.getIfAvailable(() -> systemExit(context)), takeover, upgrader,
				() -> MasterSessions.describe(sessions.getIfAvailable()), statusListeners.orderedStream().toList());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "cluster.master.sessions.enabled", matchIfMissing = true)
	MasterSessions clusterMasterSessions(ClusterSessionProperties properties, IpcServer ipcServer) {
		return MasterSessions.serve(properties, ipcServer, MasterTakeover.predecessor());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "cluster.master.sessions.enabled", matchIfMissing = true)
	SessionStore clusterMasterSessionStore(MasterSessions sessions) {
		return sessions.store();
	}

	/**
	 * The pool's secret: {@code CLUSTER_MASTER_POOL_SECRET} (which an upgrade hands to the
	 * new master) or {@code cluster.master.pool-secret}, else a new one. Every worker gets
	 * it over IPC right after its hello, the master an upgrade starts in its environment.
	 */
	@Bean
	PoolSecret clusterMasterPoolSecret(ClusterMasterProperties properties, IpcServer ipcServer,
			MasterUpgrader upgrader) {
		String given = System.getenv(PoolSecret.ENVIRONMENT);
		if (given == null || given.isBlank()) {
			given = properties.getPoolSecret();
		}
		PoolSecret secret = (given != null) ? PoolSecret.of(given) : PoolSecret.generate();
		ipcServer.handOutSecret(secret.encoded());
		upgrader.handOver(PoolSecret.ENVIRONMENT, secret.encoded());
		return secret;
	}

	@Bean
	PoolReports clusterMasterPoolReports(PoolSecret secret, ClusterMasterProperties properties, Supervisor supervisor,
			IpcServer ipcServer, MasterLifecycle lifecycle, ClusterCommandExecutor executor) {
		PoolReports reports = new PoolReports(secret, PoolReports.silenced(properties.getWarnings()), supervisor::size);
		ipcServer.onReport(reports::reported);
		lifecycle.warnings(reports);
		executor.warnings(reports::warnings);
		return reports;
	}

	/** A graceful quit through the one command path, for the two sides of an upgrade. */
	private static Runnable quit(ObjectProvider<ClusterCommandExecutor> executor) {
		return () -> executor.getObject().execute(new ClusterCommand.Quit(false));
	}

	private static MasterExit systemExit(ConfigurableApplicationContext context) {
		return (code) -> {
			// Not on the supervisor thread: closing the context waits for it.
			Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> code)),
					"cluster-master-exit");
			exit.start();
		};
	}

}
