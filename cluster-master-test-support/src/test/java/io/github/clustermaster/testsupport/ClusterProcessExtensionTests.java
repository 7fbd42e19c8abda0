package io.github.clustermaster.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ClusterProcessExtension}, driving its callbacks as JUnit would.
 *
 * @author cluster-master
 */
class ClusterProcessExtensionTests {

	private final ExtensionContext context = mock(ExtensionContext.class);

	private final ClusterProcessExtension extension = new ClusterProcessExtension();

	@AfterEach
	void closeAnyLeftOver() {
		this.extension.afterAll(this.context);
		this.extension.afterAll(this.context);
	}

	@Test
	void clusterStartedBeforeAllLivesUntilAfterAll() {
		this.extension.beforeAll(this.context);
		ClusterProcess shared = this.extension.start(sleeper());
		this.extension.beforeEach(this.context);
		ClusterProcess perMethod = this.extension.start(sleeper());
		this.extension.afterEach(this.context);
		assertThat(perMethod.isAlive()).isFalse();
		assertThat(shared.isAlive()).isTrue();
		this.extension.afterAll(this.context);
		assertThat(shared.isAlive()).isFalse();
	}

	@Test
	void clusterOfANestedClassIsClosedWithThatClassOnly() {
		this.extension.beforeAll(this.context);
		ClusterProcess outer = this.extension.start(sleeper());
		this.extension.beforeAll(this.context);
		ClusterProcess inner = this.extension.start(sleeper());
		this.extension.afterAll(this.context);
		assertThat(inner.isAlive()).isFalse();
		assertThat(outer.isAlive()).isTrue();
		this.extension.afterAll(this.context);
		assertThat(outer.isAlive()).isFalse();
	}

	@Test
	void onAnInstanceFieldEveryClusterIsClosedAfterEachTest() {
		ClusterProcess early = this.extension.start(sleeper());
		this.extension.beforeEach(this.context);
		ClusterProcess inTest = this.extension.start(sleeper());
		this.extension.afterEach(this.context);
		assertThat(early.isAlive()).isFalse();
		assertThat(inTest.isAlive()).isFalse();
	}

	@Test
	void clusterStartedElsewhereCanBeManaged() {
		this.extension.beforeEach(this.context);
		ClusterProcess cluster = this.extension.manage(sleeper().start());
		this.extension.afterEach(this.context);
		assertThat(cluster.isAlive()).isFalse();
	}

	private static ClusterProcess.Builder sleeper() {
		return ClusterProcess.command("bash", "-c", "sleep 300");
	}

}
