package io.github.clustermaster.autoconfigure;

import java.time.Duration;

import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;
import io.github.clustermaster.session.ClusterSessionProperties;
import io.github.clustermaster.session.ServletSessions;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import io.github.clustermaster.session.jetty.PoolSessionCustomizer;
import io.github.clustermaster.session.reactive.PoolWebSessionStore;
import io.github.clustermaster.session.tomcat.PoolSessionManager;
import io.github.clustermaster.session.tomcat.PoolSessionValve;
import io.github.clustermaster.worker.WorkerSession;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.AbstractSessionManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;

/**
 * Auto-configuration of a worker's HTTP sessions: shared by the pool through the store
 * the master holds, with no change to the application and no Spring Session. On Tomcat,
 * the context's session manager is the pool's ({@link PoolSessionManager}, with an engine
 * valve that saves what a request changed); on Jetty, the context's session handler gets
 * the pool's session cache and data store ({@link PoolSessionCustomizer}): either way the
 * container's own cookie, timeout and listeners apply. A WebFlux application's in-memory
 * {@code WebSessionStore} is replaced by the pool's. It backs off when the application
 * has a session store of its own (Spring Session Redis, JDBC, Hazelcast: a
 * {@code SessionRepository} or a {@code ReactiveSessionRepository} bean, checked by class
 * name), with {@code cluster.master.sessions.enabled=false}, and outside a worker.
 *
 * @author cluster-master
 */
@AutoConfiguration(afterName = { "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
		"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
		"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
		"org.springframework.boot.session.hazelcast.autoconfigure.HazelcastSessionAutoConfiguration",
		"org.springframework.boot.session.data.mongo.autoconfigure.SessionDataMongoAutoConfiguration" })
@ConditionalOnClusterRole(ClusterRole.WORKER)
@ConditionalOnBooleanProperty(name = "cluster.master.sessions.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClusterSessionProperties.class)
public final class ClusterSessionAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ClusterSessionAutoConfiguration.class);

	/** The servlet session timeout when the application sets none, as Boot's. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

	/**
	 * The timeout the application configured: {@code spring.session.timeout}, else
	 * {@code server.servlet.session.timeout}, else 30 minutes, as Boot's.
	 */
	static Duration servletTimeout(Environment environment) {
		Binder binder = Binder.get(environment);
		return binder.bind("spring.session.timeout", Duration.class)
			.orElseGet(() -> binder.bind("server.servlet.session.timeout", Duration.class).orElse(DEFAULT_TIMEOUT));
	}

	/**
	 * What a servlet container needs to share its sessions, said once in the log. The
	 * container applies {@code server.servlet.session.timeout} itself (Boot sets it);
	 * Spring Session's {@code spring.session.timeout} is ours to apply.
	 */
	static ServletSessions servletSessions(WorkerSession worker, Environment environment, ApplicationContext context) {
		Duration timeout = Binder.get(environment).bind("spring.session.timeout", Duration.class).orElse(null);
		logShared(worker, "HTTP", (timeout != null) ? timeout : servletTimeout(environment));
		return new ServletSessions(SessionStoreClient.of(worker), new SessionAttributes(context.getClassLoader()),
				timeout);
	}

	private static void logShared(WorkerSession worker, String kind, Duration timeout) {
		logger.info("Worker " + worker.id() + " shares its " + kind + " sessions with the pool (timeout " + timeout
				+ "; cluster.master.sessions.enabled=false keeps them per worker)");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBean(WorkerSession.class)
	@ConditionalOnMissingBean(type = "org.springframework.session.SessionRepository")
	static class ServletSessionConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
		static class TomcatSessionConfiguration {

			@Bean
			WebServerFactoryCustomizer<TomcatServletWebServerFactory> clusterMasterTomcatSessions(WorkerSession worker,
					Environment environment, ApplicationContext context) {
				return (factory) -> {
					ServletSessions sessions = servletSessions(worker, environment, context);
					factory.addContextCustomizers(
							(tomcatContext) -> tomcatContext.setManager(new PoolSessionManager(sessions)));
					factory.addEngineValves(new PoolSessionValve());
				};
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ Server.class, AbstractSessionManager.class, JettyServletWebServerFactory.class })
		static class JettySessionConfiguration {

			@Bean
			WebServerFactoryCustomizer<JettyServletWebServerFactory> clusterMasterJettySessions(WorkerSession worker,
					Environment environment, ApplicationContext context) {
				return (factory) -> factory
					.addServerCustomizers(new PoolSessionCustomizer(servletSessions(worker, environment, context)));
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(DefaultWebSessionManager.class)
	@ConditionalOnMissingBean(type = "org.springframework.session.ReactiveSessionRepository")
	static class ReactiveSessionConfiguration {

		/**
		 * Boot's {@code webSessionManager} keeps its id resolver (the application's
		 * {@code server.reactive.session.cookie.*}); only its in-memory store is replaced,
		 * so a manager of the application's own with another store is left alone.
		 */
		@Bean
		static BeanPostProcessor clusterMasterWebSessionStorePostProcessor(ObjectProvider<WorkerSession> worker,
				Environment environment, ResourceLoader resourceLoader) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof DefaultWebSessionManager manager
							&& manager.getSessionStore() instanceof InMemoryWebSessionStore) {
						worker.ifAvailable((session) -> {
							Duration timeout = reactiveTimeout(environment);
							logShared(session, "WebFlux", timeout);
							manager.setSessionStore(new PoolWebSessionStore(SessionStoreClient.of(session),
									new SessionAttributes(resourceLoader.getClassLoader()), timeout));
						});
					}
					return bean;
				}

			};
		}

		static Duration reactiveTimeout(Environment environment) {
			return Binder.get(environment)
				.bind("server.reactive.session.timeout", Duration.class)
				.orElse(DEFAULT_TIMEOUT);
		}

	}

}
