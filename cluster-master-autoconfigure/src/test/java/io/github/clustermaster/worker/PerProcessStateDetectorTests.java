package io.github.clustermaster.worker;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.github.clustermaster.pool.PoolWarning;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.cache.support.SimpleCacheManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PerProcessStateDetector}.
 */
class PerProcessStateDetectorTests {

	private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void anApplicationWithNothingPerProcessHasNoWarning() {
		this.beans.registerSingleton("cacheManager", new NoOpCacheManager());
		this.beans.registerSingleton("dataSource", hikari("jdbc:h2:file:./target/db;AUTO_SERVER=TRUE"));
		assertThat(detect()).isEmpty();
	}

	@Test
	void anInMemoryDatabaseIsFoundByItsUrlWithoutItsParametersAndWithoutConnecting() {
		HikariDataSource dataSource = hikari("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1;PASSWORD=secret");
		this.beans.registerSingleton("dataSource", dataSource);
		this.beans.registerSingleton("other", new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:hsqldb:mem:x"));
		List<PoolWarning> warnings = detect();
		assertThat(warnings).singleElement().satisfies((warning) -> {
			assertThat(warning.kind()).isEqualTo("in-memory-database");
			assertThat(warning.message()).contains("DataSource 'dataSource', jdbc:h2:mem:orders; "
					+ "DataSource 'other', jdbc:hsqldb:mem:x").doesNotContain("secret");
		});
		assertThat(dataSource.isRunning()).as("Hikari's pool was not started").isFalse();
	}

	@Test
	void anInMemoryDatabaseBehindAProxyOrSpringsEmbeddedBuilderIsFound() {
		this.beans.registerSingleton("lazy",
				new LazyConnectionDataSourceProxy(new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:lazy")));
		EmbeddedDatabase embedded = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.generateUniqueName(true)
			.build();
		try {
			this.beans.registerSingleton("embedded", embedded);
			assertThat(detect()).singleElement()
				.extracting(PoolWarning::message)
				.asString()
				.contains("DataSource 'embedded', an embedded database; DataSource 'lazy', jdbc:h2:mem:lazy");
		}
		finally {
			embedded.shutdown();
		}
	}

	@Test
	void theSimpleBrokerIsFound() {
		this.beans.registerSingleton("simpleBrokerMessageHandler", new SimpleBrokerMessageHandler(
				new ExecutorSubscribableChannel(), new ExecutorSubscribableChannel(), new ExecutorSubscribableChannel(),
				List.of("/topic")));
		assertThat(detect()).singleElement().satisfies((warning) -> {
			assertThat(warning.kind()).isEqualTo("simple-broker");
			assertThat(warning.message()).contains("SimpleBrokerMessageHandler 'simpleBrokerMessageHandler'");
		});
	}

	@Test
	void aLocalCacheManagerIsFoundButNotOneWithoutLocalCaches() {
		this.beans.registerSingleton("cacheManager", new ConcurrentMapCacheManager("a"));
		SimpleCacheManager simple = new SimpleCacheManager();
		simple.setCaches(List.of(new ConcurrentMapCache("b")));
		simple.afterPropertiesSet();
		this.beans.registerSingleton("simple", simple);
		assertThat(detect()).singleElement().satisfies((warning) -> {
			assertThat(warning.kind()).isEqualTo("local-cache");
			assertThat(warning.message()).contains(
					"ConcurrentMapCacheManager 'cacheManager'; SimpleCacheManager 'simple' with in-memory caches");
		});
	}

	@Test
	void eachKindIsSilencedByItsProperty() {
		this.beans.registerSingleton("cacheManager", new ConcurrentMapCacheManager("a"));
		this.beans.registerSingleton("dataSource", hikari("jdbc:h2:mem:x"));
		this.environment.setProperty("cluster.master.warnings.local-cache", "false");
		assertThat(detect()).extracting(PoolWarning::kind).containsExactly("in-memory-database");
		this.environment.setProperty("cluster.master.warnings.in-memory-database", "false");
		assertThat(detect()).isEmpty();
	}

	@Test
	void urlsInMemoryAreToldFromFilesAndServers() {
		assertThat(PerProcessStateDetector.isInMemoryUrl("jdbc:h2:mem:")).isTrue();
		assertThat(PerProcessStateDetector.isInMemoryUrl("jdbc:derby:memory:db;create=true")).isTrue();
		assertThat(PerProcessStateDetector.isInMemoryUrl("jdbc:h2:tcp://localhost/mem:db")).isFalse();
		assertThat(PerProcessStateDetector.isInMemoryUrl("jdbc:h2:file:./db")).isFalse();
		assertThat(PerProcessStateDetector.isInMemoryUrl("jdbc:postgresql://db/app")).isFalse();
	}

	private List<PoolWarning> detect() {
		return new PerProcessStateDetector(this.beans, this.environment).detect();
	}

	private static HikariDataSource hikari(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		return dataSource;
	}

}
