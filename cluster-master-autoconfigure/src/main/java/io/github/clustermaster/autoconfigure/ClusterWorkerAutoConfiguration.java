package io.github.clustermaster.autoconfigure;

import java.time.Duration;

import io.github.clustermaster.ipc.MasterConnection;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;
import io.github.clustermaster.worker.PoolPassword;
import io.github.clustermaster.worker.PoolReport;
import io.github.clustermaster.worker.RequestStats;
import io.github.clustermaster.worker.ServerThreads;
import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerWarmup;
import io.github.clustermaster.worker.jetty.JettyAcceptorDrain;
import io.github.clustermaster.worker.jetty.JettyPortSharingCustomizer;
import io.github.clustermaster.worker.jetty.JettyThreads;
import io.github.clustermaster.worker.netty.NettyAcceptHold;
import io.github.clustermaster.worker.netty.NettyInheritedSocketFactoryCustomizer;
import io.github.clustermaster.worker.netty.NettyListener;
import io.github.clustermaster.worker.netty.NettyListenerDrain;
import io.github.clustermaster.worker.netty.NettyPortSharingCustomizer;
import io.github.clustermaster.worker.tomcat.InheritedChannelConnectorCustomizer;
import io.github.clustermaster.worker.reactive.RequestCountingWebFilter;
import io.github.clustermaster.worker.servlet.RequestCountingFilter;
import io.github.clustermaster.worker.tomcat.TomcatAcceptorDrain;
import io.github.clustermaster.worker.tomcat.TomcatSpareHold;
import io.github.clustermaster.worker.security.PoolPasswordPostProcessor;
import io.github.clustermaster.worker.tomcat.TomcatThreads;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.server.WebFilter;

/**
 * Auto-configuration of a worker: share {@code server.port} with the other workers (the
 * master's inherited socket, or {@code SO_REUSEPORT}), hold a hot spare (or a worker that
 * warms up) back from that socket until it is promoted (Tomcat's connector, Reactor
 * Netty's server channel), stop taking connections before the graceful shutdown, one
 * small configuration per embedded server, count the
 * requests and busy threads that the worker's heartbeat reports, give Boot's generated
 * password the pool's value, and report the state the pool cannot share.
 *
 * @author cluster-master
 */
@AutoConfiguration
@ConditionalOnClusterRole(ClusterRole.WORKER)
public final class ClusterWorkerAutoConfiguration {

	@Bean
	SmartInitializingSingleton clusterMasterServerThreadsReporter(ObjectProvider<WorkerSession> session,
			ObjectProvider<ServerThreads> threads) {
		return () -> session.ifAvailable((worker) -> threads.ifUnique(worker::serverThreads));
	}

	@Bean
	SmartInitializingSingleton clusterMasterSpareCheck(ObjectProvider<WorkerSession> session) {
		// After the web server is created (its hold registered), before it starts
		return () -> session.ifAvailable((worker) -> {
			worker.spare().check();
			if (worker.spare().awaitsPromotion()) {
				MasterConnection.preparePromotion();
			}
		});
	}

	@Bean
	SmartInitializingSingleton clusterMasterOutcomeWindow(ObjectProvider<WorkerSession> session,
			Environment environment) {
		// The master compares workers over this window (cluster.master.restart.canary.window):
		// a worker reads it from the configuration it shares with the master.
		return () -> session.ifAvailable((worker) -> worker.requests()
			.window(Binder.get(environment)
				.bind("cluster.master.restart.canary.window", Duration.class)
				.orElse(RequestStats.DEFAULT_WINDOW)));
	}

	@Bean
	@ConditionalOnBean(WorkerSession.class)
	PoolReport clusterMasterPoolReport(WorkerSession session, ListableBeanFactory beans, Environment environment,
			ObjectProvider<PoolPassword> password) {
		return new PoolReport(session, beans, environment, password);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = PoolPasswordPostProcessor.SECURITY_PROPERTIES)
	static class PoolPasswordConfiguration {

		@Bean
		static PoolPasswordPostProcessor clusterMasterPoolPasswordPostProcessor(ObjectProvider<WorkerSession> session,
				BeanFactory beans) {
			return new PoolPasswordPostProcessor(session, beans);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Filter.class)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBean(WorkerSession.class)
	static class ServletRequestCountingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clusterMasterRequestCountingFilter")
		FilterRegistrationBean<RequestCountingFilter> clusterMasterRequestCountingFilter(WorkerSession session,
				ObjectProvider<WorkerWarmup> warmup) {
			// The warm-up's requests (on its private port) count in no stats the master reads
			WorkerWarmup worker = warmup.getIfAvailable();
			FilterRegistrationBean<RequestCountingFilter> registration = new FilterRegistrationBean<>(
					(worker != null && worker.isEnabled())
							? new RequestCountingFilter(session.requests(), worker::isWarmupPort)
							: new RequestCountingFilter(session.requests()));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebFilter.class)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnBean(WorkerSession.class)
	static class ReactiveRequestCountingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestCountingWebFilter clusterMasterRequestCountingWebFilter(WorkerSession session,
				ObjectProvider<WorkerWarmup> warmup) {
			// The warm-up's requests (on its private port) count in no stats the master reads
			WorkerWarmup worker = warmup.getIfAvailable();
			return (worker != null && worker.isEnabled())
					? new RequestCountingWebFilter(session.requests(), worker::isWarmupPort)
					: new RequestCountingWebFilter(session.requests());
		}

	}

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
		TomcatSpareHold clusterMasterTomcatSpareHold(ObjectProvider<WorkerSession> session) {
			return new TomcatSpareHold(session);
		}

		@Bean
		@ConditionalOnMissingBean
		TomcatAcceptorDrain clusterMasterTomcatAcceptorDrain(ApplicationContext context) {
			return new TomcatAcceptorDrain(context);
		}

		@Bean
		ServerThreads clusterMasterTomcatThreads(ApplicationContext context) {
			return () -> TomcatThreads.usage(context);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JettyServerCustomizer.class, org.eclipse.jetty.server.Server.class })
	@ConditionalOnWebApplication
	static class JettyWorkerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JettyPortSharingCustomizer clusterMasterJettyPortSharingCustomizer() {
			return new JettyPortSharingCustomizer();
		}

		@Bean
		@ConditionalOnMissingBean
		JettyAcceptorDrain clusterMasterJettyAcceptorDrain(ApplicationContext context) {
			return new JettyAcceptorDrain(context);
		}

		@Bean
		ServerThreads clusterMasterJettyThreads(ApplicationContext context) {
			return () -> JettyThreads.usage(context);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ NettyServerCustomizer.class, HttpServer.class })
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class NettyWorkerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NettyListener clusterMasterNettyListener() {
			return new NettyListener();
		}

		@Bean
		@ConditionalOnMissingBean
		NettyPortSharingCustomizer clusterMasterNettyPortSharingCustomizer(NettyListener listener) {
			return new NettyPortSharingCustomizer(listener);
		}

		@Bean
		@ConditionalOnMissingBean
		NettyInheritedSocketFactoryCustomizer clusterMasterNettyInheritedSocketFactoryCustomizer(
				ObjectProvider<ReactorResourceFactory> resourceFactory, NettyListener listener) {
			return new NettyInheritedSocketFactoryCustomizer(resourceFactory, listener);
		}

		@Bean
		@ConditionalOnMissingBean
		NettyListenerDrain clusterMasterNettyListenerDrain(NettyListener listener) {
			return new NettyListenerDrain(listener);
		}

		@Bean
		@ConditionalOnMissingBean
		NettyAcceptHold clusterMasterNettyAcceptHold(ObjectProvider<WorkerSession> session,
				ObjectProvider<WorkerWarmup> warmup, NettyListener listener) {
			return new NettyAcceptHold(session, warmup, listener);
		}

	}

}
