package io.github.clustermaster.autoconfigure;

import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;
import io.github.clustermaster.warmup.ClusterWarmupProperties;
import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerWarmup;
import io.github.clustermaster.worker.tomcat.TomcatWarmupConnector;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of a worker's warm-up before traffic
 * ({@code cluster.master.warmup.*}): the {@link WorkerWarmup}, run once the application
 * is ready and before the worker tells its master so, and the private loopback connector
 * of Tomcat serving a servlet application. On another server a worker that is to warm
 * up fails its start (and the master refuses to start before that).
 *
 * @author cluster-master
 */
@AutoConfiguration
@ConditionalOnClusterRole(ClusterRole.WORKER)
@EnableConfigurationProperties(ClusterWarmupProperties.class)
public final class ClusterWarmupAutoConfiguration {

	@Bean
	@ConditionalOnBean(WorkerSession.class)
	@ConditionalOnMissingBean
	WorkerWarmup clusterMasterWorkerWarmup(WorkerSession session, ClusterWarmupProperties properties) {
		return new WorkerWarmup(session, properties.toPlan());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TomcatServletWebServerFactory.class, org.apache.catalina.startup.Tomcat.class })
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class TomcatWarmupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TomcatWarmupConnector clusterMasterTomcatWarmupConnector(ObjectProvider<WorkerWarmup> warmup) {
			return new TomcatWarmupConnector(warmup);
		}

	}

}
