package io.github.clustermaster.autoconfigure;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.clustermaster.events.MasterEvents;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.ipc.IpcEnvironment;
import io.github.clustermaster.master.ClusterMasterConfiguration;
import io.github.clustermaster.master.ClusterMasterProperties;
import io.github.clustermaster.master.MasterContextConfiguration;
import io.github.clustermaster.shell.ReplConfiguration;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerWarmup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.Ordered;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Decides the {@link ClusterRole role} of a starting application and acts on it. In a
 * master it turns the web server off and swaps the application's sources for the
 * {@link MasterContextConfiguration} (and the REPL's {@link ReplConfiguration}) and the
 * application's
 * {@link ClusterMasterConfiguration @ClusterMasterConfiguration} classes, so that
 * {@code SpringApplication.run(App.class, args)} stays unchanged yet creates none of the
 * application's other beans. In a worker it connects to
 * the master before the context is built and reports readiness once the application is
 * ready. Ordered after Boot's own listener, so {@code application.yml} is already read.
 * <p>
 * An application processed by Spring AOT ({@code spring-boot:process-aot}, started with
 * {@code -Dspring.aot.enabled=true}): the build-time run is a worker's, so the generated
 * code is the workers' context with its worker-only beans; the master turns Spring AOT off
 * for itself before its context is created (it runs none of the application's code,
 * generated or not) while its workers keep the flag from the command line.
 *
 * @author cluster-master
 */
public class ClusterRunListener implements SpringApplicationRunListener, Ordered {

	private static final Log logger = LogFactory.getLog(ClusterRunListener.class);

	private final SpringApplication application;

	private ClusterRole role = ClusterRole.STANDALONE;

	private @Nullable WorkerSession worker;

	private @Nullable MasterStartupInfo startupInfo;

	/**
	 * Create the listener; Boot calls this constructor for every application run.
	 * @param application the application
	 * @param args its arguments
	 */
	public ClusterRunListener(SpringApplication application, String[] args) {
		this.application = application;
	}

	@Override
	public int getOrder() {
		return 10;
	}

	@Override
	public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext,
			ConfigurableEnvironment environment) {
		this.role = ClusterRole.of(this.application, environment);
		if (this.role != ClusterRole.STANDALONE) {
			new ClusterCompatibility(this.application.getClassLoader()).verify(environment, this.role);
		}
		Long parentPid = environment.getProperty(ParentWatch.PROPERTY, Long.class);
		if (parentPid != null && this.role == ClusterRole.STANDALONE) {
			ParentWatch.start(parentPid);
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(ClusterRole.PROPERTY, this.role.propertyValue());
		if (this.role == ClusterRole.MASTER) {
			WebApplicationType workerType = environment.getProperty("spring.main.web-application-type",
					WebApplicationType.class, this.application.getWebApplicationType());
			properties.put(MasterContextConfiguration.WORKER_WEB_APPLICATION_TYPE, workerType.name());
			properties.put("spring.main.web-application-type", "none");
			properties.put("spring.main.keep-alive", "true");
			masterStartupLines(environment, properties);
			if (AotDetector.useGeneratedArtifacts()) {
				// Before Boot creates the context and applies the generated initializer: the
				// master's context is built as without Spring AOT; its workers keep the flag
				SpringProperties.setProperty(AotDetector.AOT_ENABLED, "false");
				logger.info("Spring AOT: the workers run the application's generated code; the master builds "
						+ "its own context without it");
			}
		}
		else if (this.role == ClusterRole.WORKER && ClusterRole.aotProcessing()
				&& environment.getProperty(IpcEnvironment.WORKER_ID) == null) {
			// Spring AOT's build-time run: a worker's context, with no master to meet
			properties.put("cluster.master.worker-id", 0);
			properties.put("cluster.master.worker-slot", 0);
			this.worker = WorkerSession.unconnected();
		}
		else if (this.role == ClusterRole.WORKER) {
			int id = Integer.parseInt(Objects.requireNonNull(environment.getProperty(IpcEnvironment.WORKER_ID)).trim());
			properties.put("cluster.master.worker-id", id);
			properties.put("cluster.master.worker-slot", workerSlot(environment));
			String socket = environment.getProperty(IpcEnvironment.SOCKET);
			if (socket == null) {
				throw new IllegalStateException(IpcEnvironment.WORKER_ID + " is set but " + IpcEnvironment.SOCKET
						+ " is not: a worker must be started by its master");
			}
			this.worker = WorkerSession.connect(id, Path.of(socket));
			if (servesInheritedSocket()) {
				// Jetty accepts on a selector, so that a worker stops accepting without
				// closing its stdin (see JettyAcceptorDrain); the application may say otherwise
				environment.getPropertySources()
					.addLast(new MapPropertySource("clusterMasterWorkerDefaults",
							Map.of("server.jetty.threads.acceptors", "0")));
			}
		}
		environment.getPropertySources().addFirst(new MapPropertySource("clusterMaster", properties));
	}

	/**
	 * The worker's stable slot from its master, 0 when the master did not say (a worker
	 * started by hand for a test).
	 */
	private static int workerSlot(ConfigurableEnvironment environment) {
		String slot = environment.getProperty(IpcEnvironment.WORKER_SLOT);
		try {
			return (slot != null) ? Integer.parseInt(slot.trim()) : 0;
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException(IpcEnvironment.WORKER_SLOT + " must be a whole number, was \"" + slot
					+ "\": a worker must be started by its master", ex);
		}
	}

	/**
	 * The master must not look like one more copy of the application. Its start-up lines
	 * replace Boot's (unless they are off); the application's banner is the workers' to
	 * print, so the master prints none unless {@code spring.main.banner-mode} asks for it.
	 */
	private void masterStartupLines(ConfigurableEnvironment environment, Map<String, Object> properties) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("spring.main.banner-mode", String.class).isBound()) {
			properties.put("spring.main.banner-mode", "off");
		}
		if (binder.bind("spring.main.log-startup-info", Boolean.class).orElse(true)) {
			this.startupInfo = new MasterStartupInfo(this.application);
		}
		properties.put("spring.main.log-startup-info", "false");
	}

	private static boolean servesInheritedSocket() {
		try {
			return System.inheritedChannel() instanceof ServerSocketChannel;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void contextPrepared(ConfigurableApplicationContext context) {
		if (AotDetector.useGeneratedArtifacts() && this.role != ClusterRole.MASTER) {
			checkGeneratedCode(context);
		}
		if (this.worker != null) {
			this.worker.attach(context);
			context.getBeanFactory().registerSingleton("clusterMasterWorkerSession", this.worker);
		}
	}

	/**
	 * The code Spring AOT generated is the context of the role the build-time run had (the
	 * generated initializer has been applied by now): a worker's, unless the application
	 * was processed with {@code cluster.master.enabled=false}. A worker needs a worker's
	 * context; a standalone run cannot use one, except the training run of a class-data
	 * archive, which stops once its context is refreshed and gets a session without a
	 * master for the worker's beans.
	 */
	private void checkGeneratedCode(ConfigurableApplicationContext context) {
		boolean forWorkers = context.getBeanFactory().containsBeanDefinition(ClusterWorkerAutoConfiguration.class.getName());
		if (this.role == ClusterRole.WORKER && !forWorkers) {
			throw new IllegalStateException("This worker runs the application's Spring AOT code (spring.aot.enabled), "
					+ "which was generated without the cluster's worker beans (processed with "
					+ "cluster.master.enabled=false?): run spring-boot:process-aot without cluster.master.enabled=false, "
					+ "or start the master without -Dspring.aot.enabled=true");
		}
		if (this.role == ClusterRole.STANDALONE && forWorkers) {
			if (context.getEnvironment().getProperty(ParentWatch.PROPERTY) == null) {
				throw new IllegalStateException("The application's Spring AOT code (spring.aot.enabled) was generated "
						+ "for cluster-master workers, but this JVM runs standalone (cluster.master.enabled=false): "
						+ "start it without -Dspring.aot.enabled=true, or process it for a standalone run "
						+ "(spring-boot:process-aot with -Dcluster.master.enabled=false)");
			}
			this.worker = WorkerSession.unconnected();
		}
	}

	@Override
	public void contextLoaded(ConfigurableApplicationContext context) {
		if (this.role != ClusterRole.MASTER) {
			return;
		}
		if (!(context instanceof BeanDefinitionRegistry registry)) {
			throw new IllegalStateException("A cluster-master master needs a BeanDefinitionRegistry context, got "
					+ context.getClass().getName());
		}
		Set<String> sources = this.application.getAllSources()
			.stream()
			.filter(Class.class::isInstance)
			.map((source) -> ((Class<?>) source).getName())
			.collect(Collectors.toSet());
		for (String name : registry.getBeanDefinitionNames()) {
			BeanDefinition definition = registry.getBeanDefinition(name);
			if (sources.contains(definition.getBeanClassName())) {
				registry.removeBeanDefinition(name);
			}
		}
		AnnotatedBeanDefinitionReader reader = new AnnotatedBeanDefinitionReader(registry, context.getEnvironment());
		// The application's first, so that its beans make the master's back off.
		Set<Class<?>> masterConfigurations = masterConfigurations(context);
		masterConfigurations.forEach(reader::register);
		reader.register(MasterContextConfiguration.class, ReplConfiguration.class);
		logger.debug("Master context: the application's sources " + sources + " replaced by the master's and "
				+ masterConfigurations);
		if (this.startupInfo != null) {
			this.startupInfo.starting(context.getEnvironment());
		}
	}

	/**
	 * The application's {@link ClusterMasterConfiguration} classes, found in the package of
	 * its main class and below.
	 */
	private Set<Class<?>> masterConfigurations(ConfigurableApplicationContext context) {
		Class<?> main = this.application.getMainApplicationClass();
		if (main == null) {
			return Set.of();
		}
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				context.getEnvironment());
		scanner.setResourceLoader(context);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ClusterMasterConfiguration.class));
		ClassLoader classLoader = (context.getClassLoader() != null) ? context.getClassLoader()
				: ClassUtils.getDefaultClassLoader();
		return scanner.findCandidateComponents(main.getPackageName())
			.stream()
			.map((candidate) -> ClassUtils.resolveClassName(Objects.requireNonNull(candidate.getBeanClassName()),
					classLoader))
			.collect(Collectors.toCollection(java.util.LinkedHashSet::new));
	}

	@Override
	public void started(ConfigurableApplicationContext context, Duration timeTaken) {
		if (this.startupInfo != null) {
			WorkerPoolManager pool = context.getBeanProvider(WorkerPoolManager.class).getIfAvailable();
			this.startupInfo.started(timeTaken, (pool != null) ? pool.size() : 0);
			MasterEvents events = context.getBeanProvider(MasterEvents.class).getIfAvailable(MasterEvents::new);
			context.getBeanProvider(ClusterMasterProperties.class)
				.ifAvailable((properties) -> this.startupInfo.scheduling(properties.getScheduling(), events));
		}
	}

	@Override
	public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
		if (this.worker != null) {
			context.getBeanProvider(WorkerWarmup.class).ifAvailable(WorkerWarmup::run);
			this.worker.ready();
		}
	}

	@Override
	public void failed(@Nullable ConfigurableApplicationContext context, Throwable exception) {
		if (this.worker != null) {
			this.worker.close();
		}
	}

}
