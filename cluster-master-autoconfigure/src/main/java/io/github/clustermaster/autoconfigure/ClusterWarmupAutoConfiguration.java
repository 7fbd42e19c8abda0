package io.github.clustermaster.autoconfigure;

import java.net.InetSocketAddress;

import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;
import io.github.clustermaster.warmup.ClusterWarmupProperties;
import io.github.clustermaster.worker.WarmupObservations;
import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerWarmup;
import io.github.clustermaster.worker.netty.NettyListener;
import io.github.clustermaster.worker.netty.NettyWarmupServer;
import io.github.clustermaster.worker.tomcat.TomcatWarmupConnector;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Auto-configuration of a worker's warm-up before traffic
 * ({@code cluster.master.warmup.*}): the {@link WorkerWarmup}, run once the application
 * is ready and before the worker tells its master so, and for each server that can hold
 * back from the master's inherited socket its private loopback port: a second connector
 * of Tomcat serving a servlet application, a second Reactor Netty server of a WebFlux
 * application's handler. On another server a worker that is to warm up fails its start
 * (and the master refuses to start before that). The warm-up's requests are left out of
 * the application's observations ({@code http.server.requests}).
 *
 * @author cluster-master
 */
@AutoConfiguration(after = ClusterWorkerAutoConfiguration.class)
@ConditionalOnClusterRole(ClusterRole.WORKER)
@EnableConfigurationProperties(ClusterWarmupProperties.class)
public final class ClusterWarmupAutoConfiguration {

	@Bean
	@ConditionalOnBean(WorkerSession.class)
	@ConditionalOnMissingBean
	WorkerWarmup clusterMasterWorkerWarmup(WorkerSession session, ClusterWarmupProperties properties) {
		return new WorkerWarmup(session, properties.toPlan(session.spare().awaitsPromotion()));
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.observation.ObservationPredicate",
			"org.springframework.http.server.observation.ServerRequestObservationContext" })
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBean(WorkerSession.class)
	static class ServletWarmupObservationConfiguration {

		@Bean
		WarmupObservations clusterMasterWarmupObservations(ObjectProvider<WorkerWarmup> warmup) {
			return new WarmupObservations(warmup, (context) -> {
				if (context instanceof org.springframework.http.server.observation.ServerRequestObservationContext request) {
					return request.getCarrier().getLocalPort();
				}
				return -1;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.observation.ObservationPredicate",
			"org.springframework.http.server.reactive.observation.ServerRequestObservationContext" })
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnBean(WorkerSession.class)
	static class ReactiveWarmupObservationConfiguration {

		@Bean
		WarmupObservations clusterMasterWarmupObservations(ObjectProvider<WorkerWarmup> warmup) {
			return new WarmupObservations(warmup, (context) -> {
				if (context instanceof org.springframework.http.server.reactive.observation.ServerRequestObservationContext request) {
					InetSocketAddress local = request.getCarrier().getLocalAddress();
					return (local != null) ? local.getPort() : -1;
				}
				return -1;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ NettyServerCustomizer.class, HttpServer.class })
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnBean(NettyListener.class)
	static class NettyWarmupConfiguration {

		@Bean
		SmartInitializingSingleton clusterMasterNettyWarmupServer(ObjectProvider<WorkerWarmup> warmup,
				ObjectProvider<HttpHandler> handler) {
			return () -> warmup.ifAvailable((worker) -> {
				if (worker.isEnabled()) {
					worker.listenOn(new NettyWarmupServer(handler::getObject));
				}
			});
		}

	}

}
