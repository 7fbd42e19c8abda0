package io.github.clustermaster.warmup;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterWarmupProperties}: bound and validated as the application
 * binds them, a bad value failing the start naming the property.
 *
 * @author cluster-master
 */
class ClusterWarmupPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Config.class);

	@Test
	void offByDefaultWithTheDocumentedDefaults() {
		this.runner.run((context) -> {
			ClusterWarmupProperties properties = context.getBean(ClusterWarmupProperties.class);
			assertThat(properties.getPaths()).isEmpty();
			assertThat(properties.getRequests()).isNull();
			assertThat(properties.getDuration()).isNull();
			assertThat(properties.getConcurrency()).isEqualTo(2);
			assertThat(properties.getTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.toPlan(false)).isNull();
		});
	}

	@Test
	void aHotSpareWarmsUpWithGetRootUnlessPathsAreSetOrSparesIsOff() {
		this.runner.run((context) -> {
			WarmupPlan plan = context.getBean(ClusterWarmupProperties.class).toPlan(true);
			assertThat(plan).isNotNull();
			assertThat(plan.paths()).containsExactly("/");
			assertThat(plan.requests()).isEqualTo(ClusterWarmupProperties.DEFAULT_REQUESTS);
			assertThat(plan.timeout()).isEqualTo(Duration.ofSeconds(30));
		});
		this.runner.withPropertyValues("cluster.master.warmup.paths=/account").run((context) -> {
			assertThat(context.getBean(ClusterWarmupProperties.class).toPlan(true).paths())
				.containsExactly("/account");
		});
		this.runner.withPropertyValues("cluster.master.warmup.spares=false").run((context) -> {
			assertThat(context.getBean(ClusterWarmupProperties.class).toPlan(true)).isNull();
			assertThat(context.getBean(ClusterWarmupProperties.class).toPlan(false)).isNull();
		});
	}

	@Test
	void pathsAloneSendTheDefaultCount() {
		this.runner.withPropertyValues("cluster.master.warmup.paths=/,/account?page=0").run((context) -> {
			WarmupPlan plan = context.getBean(ClusterWarmupProperties.class).toPlan(false);
			assertThat(plan).isNotNull();
			assertThat(plan.paths()).containsExactly("/", "/account?page=0");
			assertThat(plan.requests()).isEqualTo(ClusterWarmupProperties.DEFAULT_REQUESTS);
			assertThat(plan.duration()).isNull();
		});
	}

	@Test
	void aDurationReplacesTheCount() {
		this.runner.withPropertyValues("cluster.master.warmup.paths=/", "cluster.master.warmup.duration=5s")
			.run((context) -> {
				WarmupPlan plan = context.getBean(ClusterWarmupProperties.class).toPlan(false);
				assertThat(plan.requests()).isNull();
				assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void aPathThatIsAUrlOrHasNoLeadingSlashFailsTheStartNamingTheProperty() {
		for (String path : List.of("http://example.com/", "//example.com/x", "api", "/a b", "/x#top")) {
			this.runner.withPropertyValues("cluster.master.warmup.paths=" + path)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("cluster.master.warmup")
					.hasMessageContaining("paths"));
		}
	}

	@Test
	void aCountAndADurationTogetherFailTheStart() {
		this.runner
			.withPropertyValues("cluster.master.warmup.paths=/", "cluster.master.warmup.requests=10",
					"cluster.master.warmup.duration=2s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("not both"));
	}

	@Test
	void valuesOutOfRangeFailTheStart() {
		for (String bad : List.of("requests=0", "concurrency=0", "concurrency=65", "timeout=0s", "duration=30s",
				"duration=-1s")) {
			this.runner.withPropertyValues("cluster.master.warmup.paths=/", "cluster.master.warmup." + bad)
				.run((context) -> assertThat(context).as(bad).hasFailed());
		}
	}

	@Test
	void aPlanNeedsACountOrADurationAndAPath() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new WarmupPlan(List.of(), 1, null, 1, Duration.ofSeconds(1)));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new WarmupPlan(List.of("/"), 1, Duration.ofSeconds(1), 1, Duration.ofSeconds(2)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClusterWarmupProperties.class)
	static class Config {

	}

}
