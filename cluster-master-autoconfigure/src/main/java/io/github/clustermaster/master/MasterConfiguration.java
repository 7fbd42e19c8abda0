package io.github.clustermaster.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.github.clustermaster.control.ClusterCommands;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.messaging.ClusterMessageListener;
import io.github.clustermaster.messaging.MessageCodec;
import io.github.clustermaster.shell.ReplConfiguration;
import io.github.clustermaster.supervisor.Supervisor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The whole of the master's context: it replaces the application's own sources, so the
 * master creates none of the application's beans and starts no web server.
 *
 * @author cluster-master
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterMasterProperties.class)
@Import(ReplConfiguration.class)
public class MasterConfiguration {

	/** Property holding the web application type the workers will have. */
	public static final String WORKER_WEB_APPLICATION_TYPE = "cluster.master.worker-web-application-type";

	@Bean(destroyMethod = "")
	IpcServer clusterMasterIpcServer() throws IOException {
		return IpcServer.bind();
	}

	@Bean(destroyMethod = "")
	MasterPort clusterMasterPort(Environment environment) {
		return MasterPort.bind(environment, environment.getProperty(WORKER_WEB_APPLICATION_TYPE, "NONE"));
	}

	@Bean
	MasterReleases clusterMasterReleases(ClusterMasterProperties properties, ApplicationArguments arguments) {
		WorkerCommandLine.Launch launch = WorkerCommandLine.Launch.current();
		MasterJar.detach(launch);
		return MasterReleases.prepare(WorkerCommandLine.build(launch, properties, List.of(arguments.getSourceArgs())),
				properties);
	}

	@Bean(destroyMethod = "")
	Supervisor clusterMasterSupervisor(ClusterMasterProperties properties, IpcServer ipcServer, MasterPort port,
			ApplicationArguments arguments, MasterReleases releases) {
		List<String> command = WorkerCommandLine.build(WorkerCommandLine.Launch.current(), properties,
				List.of(arguments.getSourceArgs()));
		ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(command, ipcServer.socket(), port.stdinRedirect(),
				properties.isSilent(), releases.archives());
		return new Supervisor(properties.toSettings(), launcher, properties.getEnv(), releases.source(),
				releases.initial());
	}

	@Bean
	@ConditionalOnProperty(PidFile.PROPERTY)
	PidFile clusterMasterPidFile(ClusterMasterProperties properties) {
		return new PidFile(Path.of(Objects.requireNonNull(properties.getPidFile())), ProcessHandle.current().pid());
	}

	@Bean
	MasterMessaging clusterMasterMessaging(IpcServer ipcServer, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<ClusterMessageListener> listeners) {
		MessageCodec codec = new MessageCodec(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
		return new MasterMessaging(ipcServer, codec, () -> listeners.orderedStream().toList());
	}

	@Bean
	MasterRequests clusterMasterRequests(Supervisor supervisor, MasterMessaging messaging) {
		return new MasterRequests(new ClusterCommands(supervisor, ProcessHandle.current().pid()), messaging);
	}

	@Bean
	MasterLifecycle clusterMasterLifecycle(Supervisor supervisor, IpcServer ipcServer, MasterRequests requests,
			MasterPort port, ClusterMasterProperties properties, ObjectProvider<MasterExit> exit,
			ConfigurableApplicationContext context) {
		return new MasterLifecycle(supervisor, ipcServer, requests, port, properties.isSignals(),
				exit.getIfAvailable(() -> systemExit(context)));
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
