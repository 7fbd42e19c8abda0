package io.github.clustermaster.autoconfigure.app;

import java.io.IOException;

import io.github.clustermaster.master.ClusterMasterConfiguration;
import io.github.clustermaster.master.WorkerCommandLineCustomizer;
import io.github.clustermaster.supervisor.WorkerLauncher;

import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Master-side code of the test application: a bean of its own, two customizers of the
 * workers' command line, and a launcher that replaces the master's.
 */
@ClusterMasterConfiguration
public class RoleTestMasterConfiguration {

	@Bean
	MasterSideBean masterSideBean() {
		return new MasterSideBean();
	}

	@Bean
	@Order(2)
	WorkerCommandLineCustomizer secondCustomizer() {
		return (commandLine) -> commandLine.jvmArgs().add("-Dcustomized=second");
	}

	@Bean
	@Order(1)
	WorkerCommandLineCustomizer agentCustomizer() {
		return (commandLine) -> commandLine.jvmArgs().add("-javaagent:/opt/agent.jar");
	}

	@Bean
	TestLauncher testLauncher() {
		return new TestLauncher();
	}

	/**
	 * A bean only the master has.
	 */
	public static class MasterSideBean {

	}

	/**
	 * A launcher that starts nothing: the tests run with no workers.
	 */
	public static class TestLauncher implements WorkerLauncher {

		@Override
		public io.github.clustermaster.supervisor.WorkerProcess launch(int id, int generation,
				java.util.Map<String, String> env) throws IOException {
			throw new IOException("This test starts no worker");
		}

	}

}
