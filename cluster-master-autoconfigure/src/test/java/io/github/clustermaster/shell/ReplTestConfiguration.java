package io.github.clustermaster.shell;

import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.control.ResizeLimit;
import io.github.clustermaster.master.ClusterMasterProperties;
import io.github.clustermaster.supervisor.WorkerPoolManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the master's context gives {@link ReplConfiguration}: its properties and the
 * executor of the pool a test declares, limited by its {@link ResizeLimit} if it declares one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterMasterProperties.class)
class ReplTestConfiguration {

	@Bean
	ClusterCommandExecutor clusterCommandExecutor(WorkerPoolManager pool, ObjectProvider<ResizeLimit> limit) {
		return new ClusterCommandExecutor(pool, ProcessHandle.current().pid(),
				limit.getIfAvailable(() -> ResizeLimit.NONE));
	}

}
