package io.github.clustermaster.actuate.workers;

import io.github.clustermaster.worker.WorkerSession;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

/**
 * The {@code Cluster-Worker} header in a management context of its own
 * ({@code management.server.port=0}: every worker has its own management server), where
 * the application's filters do not apply: every response there is the Actuator's.
 *
 * @author cluster-master
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnBean(WorkerSession.class)
class WorkerManagementContextConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ OncePerRequestFilter.class, FilterRegistrationBean.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletManagementHeaderConfiguration {

		@Bean
		FilterRegistrationBean<WorkerHeaderFilter> clusterMasterManagementWorkerHeaderFilter(WorkerSession session) {
			FilterRegistrationBean<WorkerHeaderFilter> registration = new FilterRegistrationBean<>(
					new WorkerHeaderFilter(new WorkerHeader(session.id(), () -> "", true)));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebFilter.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveManagementHeaderConfiguration {

		@Bean
		WorkerHeaderWebFilter clusterMasterManagementWorkerHeaderWebFilter(WorkerSession session) {
			return new WorkerHeaderWebFilter(new WorkerHeader(session.id(), () -> "", true));
		}

	}

}
