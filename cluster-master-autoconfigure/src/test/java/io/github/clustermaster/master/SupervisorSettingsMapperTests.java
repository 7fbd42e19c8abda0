package io.github.clustermaster.master;

import java.time.Duration;

import io.github.clustermaster.supervisor.AutoscalePolicy;
import io.github.clustermaster.supervisor.CanaryPolicy;
import io.github.clustermaster.supervisor.RecyclePolicy;
import io.github.clustermaster.supervisor.SupervisorSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SupervisorSettingsMapper}.
 */
class SupervisorSettingsMapperTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void sizeDefaultsToTheAvailableProcessors() {
		assertThat(SupervisorSettingsMapper.size(new ClusterMasterProperties())).isEqualTo(Runtime.getRuntime().availableProcessors());
	}

	@Test
	void canarySettingsBecomeThePolicy() {
		assertThat(SupervisorSettingsMapper.settings(new ClusterMasterProperties()).canary()).isEqualTo(CanaryPolicy.DEFAULTS);
		this.runner
			.withPropertyValues("cluster.master.restart.canary.enabled=false",
					"cluster.master.restart.canary.error-increase=10",
					"cluster.master.restart.canary.too-little-traffic=abort")
			.run((context) -> {
				CanaryPolicy policy = SupervisorSettingsMapper.settings(context.getBean(ClusterMasterProperties.class)).canary();
				assertThat(policy.enabled()).isFalse();
				assertThat(policy.errorIncrease()).isEqualTo(0.10);
				assertThat(policy.tooLittleTraffic()).isEqualTo(CanaryPolicy.TooLittleTraffic.ABORT);
			});
	}

	@Test
	void recycleLimitsBecomeThePolicy() {
		this.runner
			.withPropertyValues("cluster.master.recycle.max-requests=5000", "cluster.master.recycle.max-age=1h",
					"cluster.master.recycle.max-memory=1GB")
			.run((context) -> assertThat(SupervisorSettingsMapper.settings(context.getBean(ClusterMasterProperties.class)).recycle())
				.isEqualTo(new RecyclePolicy(5000L, Duration.ofHours(1), 1L << 30)));
	}

	@Test
	void withAutoscalingThePoolStartsAtMin() {
		this.runner.withPropertyValues("cluster.master.autoscale.min=2", "cluster.master.autoscale.max=6")
			.run((context) -> {
				SupervisorSettings settings = SupervisorSettingsMapper.settings(context.getBean(ClusterMasterProperties.class));
				assertThat(settings.size()).isEqualTo(2);
				assertThat(settings.autoscale().min()).isEqualTo(2);
				assertThat(settings.autoscale().max()).isEqualTo(6);
			});
	}

	@Test
	void maxSurgeDefaultsToTheAvailableProcessors() {
		assertThat(SupervisorSettingsMapper.settings(new ClusterMasterProperties()).maxSurge().resolve(64))
			.isEqualTo(Runtime.getRuntime().availableProcessors());
	}

	@Test
	void oneAutoscalingBoundAloneTurnsAutoscalingOff() {
		ClusterMasterProperties properties = new ClusterMasterProperties();
		properties.getAutoscale().setMax(6);
		assertThat(SupervisorSettingsMapper.autoscaleMax(properties.getAutoscale())).isNull();
		assertThat(SupervisorSettingsMapper.settings(properties).autoscale()).isEqualTo(AutoscalePolicy.OFF);
		assertThat(SupervisorSettingsMapper.size(properties)).isEqualTo(Runtime.getRuntime().availableProcessors());
		properties.getAutoscale().setMin(2);
		assertThat(SupervisorSettingsMapper.autoscaleMax(properties.getAutoscale())).isEqualTo(6);
		assertThat(SupervisorSettingsMapper.size(properties)).isEqualTo(2);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClusterMasterProperties.class)
	static class PropertiesConfiguration {

	}

}
