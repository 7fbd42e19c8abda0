package io.github.clustermaster.autoconfigure.aotapp;

import io.github.clustermaster.autoconfigure.ClusterWorkerAutoConfiguration;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application that Spring AOT processes in a test, with one bean of its own and only
 * the workers' auto-configuration (the test class path's others would make the
 * processing several times slower).
 */
@SpringBootConfiguration
@ImportAutoConfiguration(ClusterWorkerAutoConfiguration.class)
public class AotTestApplication {

	@Bean
	AotTestBean aotTestBean() {
		return new AotTestBean();
	}

	@Bean
	@ConditionalOnClusterRole(ClusterRole.WORKER)
	AotTestBean workerOnlyBean() {
		return new AotTestBean();
	}

	@Bean
	@ConditionalOnClusterRole(ClusterRole.STANDALONE)
	AotTestBean standaloneOnlyBean() {
		return new AotTestBean();
	}

	public static void main(String[] args) {
		SpringApplication.run(AotTestApplication.class, args);
	}

	/**
	 * The application's bean.
	 */
	public static class AotTestBean {

	}

}
