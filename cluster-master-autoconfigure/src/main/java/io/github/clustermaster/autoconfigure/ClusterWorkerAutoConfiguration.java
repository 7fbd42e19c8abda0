package io.github.clustermaster.autoconfigure;

import io.github.clustermaster.worker.tomcat.InheritedChannelConnectorCustomizer;
import io.github.clustermaster.worker.tomcat.TomcatAcceptorDrain;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of a worker: serve the master's shared listening socket and drain
 * it before the graceful shutdown.
 *
 * @author cluster-master
 */
@AutoConfiguration
@ConditionalOnProperty(name = ClusterRole.PROPERTY, havingValue = "worker")
public final class ClusterWorkerAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TomcatConnectorCustomizer.class, org.apache.catalina.startup.Tomcat.class })
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class TomcatWorkerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		InheritedChannelConnectorCustomizer clusterMasterInheritedChannelCustomizer() {
			return new InheritedChannelConnectorCustomizer();
		}

		@Bean
		@ConditionalOnMissingBean
		TomcatAcceptorDrain clusterMasterTomcatAcceptorDrain(ApplicationContext context) {
			return new TomcatAcceptorDrain(context);
		}

	}

}
