package io.github.clustermaster.autoconfigure;

import io.github.clustermaster.worker.PoolReport;
import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerSessions;
import io.github.clustermaster.worker.jetty.JettyAcceptorDrain;
import io.github.clustermaster.worker.jetty.JettyPortSharingCustomizer;
import io.github.clustermaster.worker.netty.NettyAcceptHold;
import io.github.clustermaster.worker.netty.NettyInheritedSocketFactoryCustomizer;
import io.github.clustermaster.worker.netty.NettyListenerDrain;
import io.github.clustermaster.worker.netty.NettyPortSharingCustomizer;
import io.github.clustermaster.worker.security.PoolPasswordPostProcessor;
import io.github.clustermaster.worker.tomcat.InheritedChannelConnectorCustomizer;
import io.github.clustermaster.worker.tomcat.TomcatAcceptorDrain;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterWorkerAutoConfiguration}.
 */
class ClusterWorkerAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(ClusterWorkerAutoConfiguration.class));

	@Test
	void aWorkerServesTheInheritedSocketAndDrainsIt() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasSingleBean(InheritedChannelConnectorCustomizer.class)
				.hasSingleBean(TomcatAcceptorDrain.class));
	}

	@Test
	void aWorkerReportsItsPerProcessStateToItsMaster() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withBean(WorkerSession.class, () -> WorkerSessions.of(1, null))
			.run((context) -> assertThat(context).hasSingleBean(PoolReport.class));
	}

	@Test
	void aWorkerWithoutItsSessionReportsNothing() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PoolReport.class));
	}

	@Test
	void aWorkerWithoutSpringSecurityHasNoPasswordToShare() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).doesNotHaveBean(PoolPasswordPostProcessor.class));
	}

	@Test
	void aStandaloneApplicationIsLeftAlone() {
		this.runner.withPropertyValues("cluster.master.role=standalone")
			.run((context) -> assertThat(context).doesNotHaveBean(InheritedChannelConnectorCustomizer.class)
				.doesNotHaveBean(TomcatAcceptorDrain.class)
				.doesNotHaveBean(PoolReport.class));
	}

	@Test
	void anApplicationWithoutARoleIsLeftAlone() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(InheritedChannelConnectorCustomizer.class));
	}

	@Test
	void aWorkerWithoutTomcatGetsNoTomcatBeans() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(InheritedChannelConnectorCustomizer.class));
	}

	@Test
	void aNonWebWorkerGetsNoTomcatBeans() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterWorkerAutoConfiguration.class))
			.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TomcatAcceptorDrain.class));
	}

	@Test
	void aUsersOwnCustomizerBacksOff() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withBean("custom", InheritedChannelConnectorCustomizer.class, InheritedChannelConnectorCustomizer::new)
			.run((context) -> assertThat(context).hasSingleBean(InheritedChannelConnectorCustomizer.class)
				.hasBean("custom"));
	}

	@Test
	void aJettyWorkerSharesThePortAndDrainsIt() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasSingleBean(JettyPortSharingCustomizer.class)
				.hasSingleBean(JettyAcceptorDrain.class));
	}

	@Test
	void aWorkerWithoutJettyGetsNoJettyBeans() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withClassLoader(new FilteredClassLoader(org.eclipse.jetty.server.Server.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JettyPortSharingCustomizer.class)
				.hasSingleBean(TomcatAcceptorDrain.class));
	}

	@Test
	void aReactiveWorkerSharesThePortDrainsAndHoldsASpareOnReactorNetty() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterWorkerAutoConfiguration.class))
			.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasSingleBean(NettyPortSharingCustomizer.class)
				.hasSingleBean(NettyInheritedSocketFactoryCustomizer.class)
				.hasSingleBean(NettyListenerDrain.class)
				.hasSingleBean(NettyAcceptHold.class)
				.doesNotHaveBean(TomcatAcceptorDrain.class));
	}

	@Test
	void aServletWorkerGetsNoReactorNettyBeans() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).doesNotHaveBean(NettyPortSharingCustomizer.class)
				.doesNotHaveBean(NettyAcceptHold.class));
	}

	@Test
	void aStandaloneReactiveApplicationIsLeftAlone() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterWorkerAutoConfiguration.class))
			.withPropertyValues("cluster.master.role=standalone")
			.run((context) -> assertThat(context).doesNotHaveBean(NettyPortSharingCustomizer.class)
				.doesNotHaveBean(JettyPortSharingCustomizer.class));
	}

}
