package io.github.clustermaster.actuate.workers;

import io.github.clustermaster.actuate.ClusterEndpoint;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;
import io.github.clustermaster.worker.WorkerSession;
import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

/**
 * Auto-configuration of the Actuator of a worker in a pool: every Actuator response
 * names its worker ({@code Cluster-Worker}; every response with
 * {@code cluster.master.actuator.header-everywhere=true}), a logger level or a cache
 * eviction applies to every worker ({@link PoolWrites}), and, on Spring MVC with the
 * {@code cluster} endpoint available, {@code /actuator/cluster/workers/{id}/…} reaches
 * worker {@code id}'s own Actuator. Only in workers, and only with Actuator on the
 * classpath.
 *
 * @author cluster-master
 */
@AutoConfiguration
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnClusterRole(ClusterRole.WORKER)
@ConditionalOnBean(WorkerSession.class)
public final class WorkerActuatorAutoConfiguration {

	/** Whether every response, not only the Actuator's, names its worker. */
	static final String HEADER_EVERYWHERE = "cluster.master.actuator.header-everywhere";

	@Bean
	@ConditionalOnMissingBean
	PoolWrites clusterMasterPoolWrites(WorkerSession session) {
		return new PoolWrites(session);
	}

	@Bean
	PoolWriteAdvisor clusterMasterPoolWriteAdvisor(PoolWrites writes) {
		return new PoolWriteAdvisor(writes);
	}

	@Bean
	SmartInitializingSingleton clusterMasterWorkerOperations(WorkerSession session, PoolWrites writes,
			ObjectProvider<WebEndpointsSupplier> endpoints, ObjectProvider<EndpointJsonMapper> endpointJson,
			ObjectProvider<JsonMapper> json) {
		// Once every singleton exists, Boot's endpoints are discovered and the write
		// operations wrapped: the logger levels the master remembers can be applied.
		return () -> session.onActuator(new WorkerOperations(session.id(), writes, endpoints::getIfUnique,
				() -> endpointJson.getIfAvailable(() -> json::getObject).get()));
	}

	static WorkerHeader header(WorkerSession session, ObjectProvider<PathMappedEndpoints> endpoints,
			Environment environment) {
		// Looked up once, at the first request: the header's filter sees every request
		return new WorkerHeader(session.id(), SingletonSupplier.ofNullable(() -> {
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			return (mapped != null) ? mapped.getBasePath() : null;
		}), environment.getProperty(HEADER_EVERYWHERE, Boolean.class, false));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ OncePerRequestFilter.class, FilterRegistrationBean.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletWorkerActuatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clusterMasterWorkerHeaderFilter")
		FilterRegistrationBean<WorkerHeaderFilter> clusterMasterWorkerHeaderFilter(WorkerSession session,
				ObjectProvider<PathMappedEndpoints> endpoints, Environment environment) {
			FilterRegistrationBean<WorkerHeaderFilter> registration = new FilterRegistrationBean<>(
					new WorkerHeaderFilter(header(session, endpoints, environment)));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean(name = "clusterMasterWorkerRelayFilter")
		@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
		FilterRegistrationBean<WorkerRelayFilter> clusterMasterWorkerRelayFilter(WorkerSession session,
				ObjectProvider<PathMappedEndpoints> endpoints,
				ObjectProvider<WorkerRelayFilter.RelayAuthorization> authorization) {
			// Looked up once, at the first request: the filter sees every request
			WorkerRelayFilter filter = new WorkerRelayFilter(session, SingletonSupplier.ofNullable(() -> {
				PathMappedEndpoints mapped = endpoints.getIfAvailable();
				return (mapped != null) ? mapped.getPath(EndpointId.of("cluster")) : null;
			}), SingletonSupplier.ofNullable(() -> {
				PathMappedEndpoints mapped = endpoints.getIfAvailable();
				return (mapped != null) ? mapped.getBasePath() : "";
			}), authorization.getIfAvailable(() -> WorkerRelayFilter.RelayAuthorization.NONE));
			FilterRegistrationBean<WorkerRelayFilter> registration = new FilterRegistrationBean<>(filter);
			// After the application's security (Spring Security's filter is at -100).
			registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(WebInvocationPrivilegeEvaluator.class)
		static class RelaySecurityConfiguration {

			@Bean
			@ConditionalOnMissingBean
			WorkerRelayFilter.RelayAuthorization clusterMasterRelayAuthorization(ListableBeanFactory beans) {
				return new SpringSecurityRelayAuthorization(beans);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebFilter.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveWorkerActuatorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WorkerHeaderWebFilter clusterMasterWorkerHeaderWebFilter(WorkerSession session,
				ObjectProvider<PathMappedEndpoints> endpoints, Environment environment) {
			return new WorkerHeaderWebFilter(header(session, endpoints, environment));
		}

	}

}
