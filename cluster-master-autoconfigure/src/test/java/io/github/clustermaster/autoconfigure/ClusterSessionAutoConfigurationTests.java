package io.github.clustermaster.autoconfigure;

import java.io.IOException;
import java.time.Duration;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.session.jetty.PoolSessionCache;
import io.github.clustermaster.session.jetty.PoolSessionCustomizer;
import io.github.clustermaster.session.jetty.PoolSessionDataStore;
import io.github.clustermaster.session.reactive.PoolWebSessionStore;
import io.github.clustermaster.session.tomcat.PoolSessionManager;
import io.github.clustermaster.session.tomcat.PoolSessionValve;
import io.github.clustermaster.worker.WorkerSession;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.server.session.WebSessionStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterSessionAutoConfiguration}.
 */
class ClusterSessionAutoConfigurationTests {

	private static IpcServer server;

	private static WorkerSession worker;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(ClusterSessionAutoConfiguration.class))
		.withBean(WorkerSession.class, () -> worker);

	private final ReactiveWebApplicationContextRunner reactiveRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterSessionAutoConfiguration.class))
		.withBean(WorkerSession.class, () -> worker)
		.withBean("webSessionManager", WebSessionManager.class, () -> {
			DefaultWebSessionManager manager = new DefaultWebSessionManager();
			manager.setSessionStore(new InMemoryWebSessionStore());
			return manager;
		});

	@BeforeAll
	static void connect() throws IOException {
		server = IpcServer.bind();
		server.serve(new ClusterRunListenerTests.RecordingEvents());
		worker = WorkerSession.connect(11, server.socket());
	}

	@AfterAll
	static void close() throws IOException {
		worker.close();
		server.close();
	}

	@Test
	void aTomcatWorkerSharesItsSessionsThroughTheContextsManagerWithoutSpringSession() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withClassLoader(new FilteredClassLoader(SessionRepository.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("clusterMasterTomcatSessions");
				TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
				context.getBean("clusterMasterTomcatSessions", WebServerFactoryCustomizer.class).customize(factory);
				assertThat(factory.getEngineValves()).singleElement().isInstanceOf(PoolSessionValve.class);
				StandardContext tomcatContext = new StandardContext();
				factory.getContextCustomizers().forEach((customizer) -> customizer.customize(tomcatContext));
				assertThat(tomcatContext.getManager()).isInstanceOf(PoolSessionManager.class);
			});
	}

	@Test
	void aJettyWorkerSharesItsSessionsThroughTheHandlersCacheWithoutSpringSession() {
		this.runner.withPropertyValues("cluster.master.role=worker", "spring.session.timeout=10m")
			.withClassLoader(new FilteredClassLoader(SessionRepository.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("clusterMasterJettySessions");
				JettyServletWebServerFactory factory = new JettyServletWebServerFactory(0);
				context.getBean("clusterMasterJettySessions", WebServerFactoryCustomizer.class).customize(factory);
				assertThat(factory.getServerCustomizers()).singleElement().isInstanceOf(PoolSessionCustomizer.class);
				WebServer server = factory.getWebServer();
				try {
					SessionHandler handler = ((JettyWebServer) server).getServer()
						.getContainedBeans(SessionHandler.class)
						.iterator()
						.next();
					assertThat(handler.getSessionCache()).isInstanceOf(PoolSessionCache.class);
					assertThat(handler.getSessionCache().getSessionDataStore())
						.isInstanceOf(PoolSessionDataStore.class);
					// spring.session.timeout is the pool's to apply, as on Tomcat
					assertThat(handler.getMaxInactiveInterval()).isEqualTo(600);
				}
				finally {
					server.stop();
				}
			});
	}

	@Test
	void onTomcatAndJettySpringSessionOnTheClassPathChangesNothing() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("clusterMasterTomcatSessions")
				.hasBean("clusterMasterJettySessions")
				.doesNotHaveBean(SessionRepository.class));
	}

	@Test
	void withoutJettyATomcatWorkerStillSharesItsSessions() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withClassLoader(new FilteredClassLoader(Server.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("clusterMasterTomcatSessions")
				.doesNotHaveBean("clusterMasterJettySessions"));
	}

	@Test
	void withoutTomcatAJettyWorkerStillSharesItsSessions() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("clusterMasterJettySessions")
				.doesNotHaveBean("clusterMasterTomcatSessions"));
	}

	@Test
	void itIsSwitchedOffByAProperty() {
		this.runner.withPropertyValues("cluster.master.role=worker", "cluster.master.sessions.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("clusterMasterTomcatSessions")
				.doesNotHaveBean("clusterMasterJettySessions"));
	}

	@Test
	void itBacksOffForTheApplicationsOwnSessionRepository() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withBean("redisLike", SessionRepository.class, () -> new MapSessionRepository(new java.util.HashMap<>()))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("clusterMasterTomcatSessions")
				.doesNotHaveBean("clusterMasterJettySessions"));
	}

	@Test
	void aStandaloneApplicationIsLeftAlone() {
		this.runner.withPropertyValues("cluster.master.role=standalone")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("clusterMasterTomcatSessions")
				.doesNotHaveBean("clusterMasterJettySessions"));
	}

	@Test
	void withNeitherTomcatNorJettyAServletWorkerKeepsItsContainersSessions() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withClassLoader(new FilteredClassLoader(Tomcat.class, Server.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("clusterMasterTomcatSessions")
				.doesNotHaveBean("clusterMasterJettySessions"));
	}

	@Test
	void aBadMaxBytesFailsNamingTheProperty() {
		this.runner.withPropertyValues("cluster.master.role=worker", "cluster.master.sessions.max-bytes=1KB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("maxBytes")
				.hasMessageContaining("must be at least 64KB"));
	}

	@Test
	void theTimeoutIsSpringSessionsThenTheServletContainersThenThirtyMinutes() {
		assertThat(ClusterSessionAutoConfiguration.servletTimeout(new MockEnvironment()))
			.isEqualTo(Duration.ofMinutes(30));
		assertThat(ClusterSessionAutoConfiguration
			.servletTimeout(new MockEnvironment().withProperty("server.servlet.session.timeout", "10m")))
			.isEqualTo(Duration.ofMinutes(10));
		assertThat(ClusterSessionAutoConfiguration
			.servletTimeout(new MockEnvironment().withProperty("server.servlet.session.timeout", "10m")
				.withProperty("spring.session.timeout", "5m")))
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(ClusterSessionAutoConfiguration.ReactiveSessionConfiguration
			.reactiveTimeout(new MockEnvironment().withProperty("server.reactive.session.timeout", "7m")))
			.isEqualTo(Duration.ofMinutes(7));
	}

	@Test
	void aWebFluxWorkersInMemoryStoreIsReplacedByThePools() {
		this.reactiveRunner.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(
					((DefaultWebSessionManager) context.getBean(WebSessionManager.class)).getSessionStore())
				.isInstanceOf(PoolWebSessionStore.class));
	}

	@Test
	void aWebFluxSessionManagerWithAStoreOfItsOwnIsLeftAlone() {
		WebSessionStore own = new InMemoryWebSessionStore() {
		};
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterSessionAutoConfiguration.class))
			.withBean(WorkerSession.class, () -> worker)
			.withBean("webSessionManager", WebSessionManager.class, () -> {
				DefaultWebSessionManager manager = new DefaultWebSessionManager();
				manager.setSessionStore(own);
				return manager;
			})
			.withPropertyValues("cluster.master.role=worker", "cluster.master.sessions.enabled=false")
			.run((context) -> assertThat(
					((DefaultWebSessionManager) context.getBean(WebSessionManager.class)).getSessionStore())
				.isSameAs(own));
	}

	@Test
	void aStandaloneWebFluxApplicationKeepsItsInMemoryStore() {
		this.reactiveRunner.withPropertyValues("cluster.master.role=standalone")
			.run((context) -> assertThat(
					((DefaultWebSessionManager) context.getBean(WebSessionManager.class)).getSessionStore())
				.isInstanceOf(InMemoryWebSessionStore.class));
	}

}
