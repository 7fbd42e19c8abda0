package io.github.clustermaster.actuate;

import java.time.InstantSource;

import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;
import io.github.clustermaster.worker.WorkerSession;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Auto-configuration of the cluster on a worker's Actuator: the {@code cluster} endpoint
 * (when available: exposed and not switched off, by Boot's own properties), the
 * {@code cluster} health contributor and the {@code cluster.master.*} meters; on Spring
 * MVC, the endpoint's answers to requests Spring MVC refuses before it (an unreadable
 * body, a content type other than JSON, a wrong method). Only in
 * workers, and only with Actuator on the classpath and a link to the master (or a
 * {@link ClusterClient} of the application's own): a context that says it is a worker but
 * was not started by a master gets none of it rather than failing on a missing client.
 *
 * @author cluster-master
 */
@AutoConfiguration
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnClusterRole(ClusterRole.WORKER)
@Conditional(ClusterEndpointAutoConfiguration.OnClusterClient.class)
public final class ClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(WorkerSession.class)
	ClusterClient clusterMasterClusterClient(WorkerSession session) {
		return new RelayingClusterClient(session, RelayingClusterClient.TIMEOUT, InstantSource.system());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ClusterEndpoint clusterEndpoint(ClusterClient client) {
		return new ClusterEndpoint(client);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HandlerExceptionResolver.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ClusterEndpointServletConfiguration {

		@Bean
		@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
		ClusterEndpointRequestErrors clusterEndpointRequestErrors(ObjectProvider<PathMappedEndpoints> endpoints) {
			return new ClusterEndpointRequestErrors(() -> {
				PathMappedEndpoints mapped = endpoints.getIfAvailable();
				return (mapped != null) ? mapped.getPath(EndpointId.of("cluster")) : null;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("cluster")
	static class ClusterHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clusterHealthIndicator")
		ClusterHealthIndicator clusterHealthIndicator(ClusterClient client) {
			return new ClusterHealthIndicator(client);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class ClusterMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClusterMetrics clusterMasterMetrics(ClusterClient client) {
			return new ClusterMetrics(client);
		}

	}

	/**
	 * A worker's link to its master, through which a client is made, or the application's
	 * own client.
	 */
	static final class OnClusterClient extends AnyNestedCondition {

		OnClusterClient() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(WorkerSession.class)
		static final class WithWorkerSession {

		}

		@ConditionalOnBean(ClusterClient.class)
		static final class WithClusterClient {

		}

	}

}
