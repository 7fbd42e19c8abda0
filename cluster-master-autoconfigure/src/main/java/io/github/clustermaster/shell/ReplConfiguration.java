package io.github.clustermaster.shell;

import java.util.List;

import java.io.IOException;

import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.events.MasterEvents;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.master.ClusterMasterProperties;
import io.github.clustermaster.master.PoolActuator;
import io.github.clustermaster.master.ReplAddress;
import io.github.clustermaster.master.upgrade.MasterUpgradeEvent;
import io.github.clustermaster.messaging.ClusterMessenger;
import io.github.clustermaster.session.SessionStore;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import org.jspecify.annotations.Nullable;

import io.github.clustermaster.master.PoolReports;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The master's REPL, when Spring Shell is on the classpath and {@code cluster.master.repl}
 * does not turn it off: its commands, the shell that runs them, and the server that
 * listens where that property says (by default {@code cluster-master-socket} in the
 * working directory). The master's context registers it next to its own configuration,
 * as it runs no auto-configuration.
 *
 * @author cluster-master
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.shell.core.command.Command")
@Conditional(OnReplEnabledCondition.class)
public final class ReplConfiguration {

	@Bean
	ReplCommands clusterMasterReplCommands(ClusterCommandExecutor executor, WorkerPoolManager pool,
			ObjectProvider<ClusterMessenger> messenger, ObjectProvider<SessionStore> sessions,
			ObjectProvider<IpcServer> ipcServer, ObjectProvider<PoolReports> reports) {
		PoolReports poolReports = reports.getIfAvailable();
		ReplCommands commands = new ReplCommands(executor, pool, messenger.getIfAvailable(),
				(poolReports != null) ? poolReports::warnings : (size) -> List.of());
		commands.sessions(sessions.getIfAvailable());
		ipcServer.ifAvailable((server) -> commands.leases(server.leases()));
		return commands;
	}

	@Bean
	ReplActuatorCommands clusterMasterReplActuatorCommands(ObjectProvider<PoolActuator> actuator,
			WorkerPoolManager pool) {
		return new ReplActuatorCommands(actuator.getIfAvailable(() -> PoolActuator.NONE), pool);
	}

	@Bean
	ReplShell clusterMasterReplShell(ApplicationContext context, ReplCommands commands,
			ReplActuatorCommands actuatorCommands) {
		return ReplShell.of(context, commands, actuatorCommands);
	}

	@Bean
	@Nullable ReplServer clusterMasterReplServer(ClusterMasterProperties properties, ReplShell shell,
			ObjectProvider<MasterEvents> events) throws IOException {
		MasterEvents masterEvents = events.getIfAvailable(MasterEvents::new);
		if (MasterUpgradeEvent.startedByUpgrade()) {
			// The master this one replaces listens there until this one takes over
			return ReplServer.afterTakeOver(ReplAddress.of(properties), shell, System.out, masterEvents);
		}
		return ReplServer.listen(properties, shell, System.out, masterEvents);
	}

}
