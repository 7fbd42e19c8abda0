package io.github.clustermaster.pool;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PoolSecret}.
 */
class PoolSecretTests {

	@Test
	void twoJvmsWithTheSameSecretDeriveTheSameValues() {
		PoolSecret one = PoolSecret.generate();
		PoolSecret other = PoolSecret.of(one.encoded());
		assertThat(other.userPassword()).isEqualTo(one.userPassword());
		assertThat(other.derive("remember-me")).isEqualTo(one.derive("remember-me")).hasSize(43);
	}

	@Test
	void eachPurposeAndEachSecretHasItsOwnValue() {
		PoolSecret one = PoolSecret.generate();
		assertThat(one.derive("remember-me")).isNotEqualTo(one.derive("other"));
		assertThat(PoolSecret.generate().userPassword()).isNotEqualTo(one.userPassword());
		assertThat(one.derive("remember-me")).doesNotContain(one.encoded());
	}

	@Test
	void theUserPasswordLooksLikeTheRandomUuidBootGenerates() {
		String password = PoolSecret.of("a-secret-of-sixteen-characters").userPassword();
		UUID uuid = UUID.fromString(password);
		assertThat(uuid.version()).isEqualTo(4);
		assertThat(uuid.variant()).isEqualTo(2);
		assertThat(password).isEqualTo(PoolSecret.of("a-secret-of-sixteen-characters").userPassword());
	}

	@Test
	void aShortSecretIsRefusedNamingThePropertyAndTheVariable() {
		assertThatIllegalArgumentException().isThrownBy(() -> PoolSecret.of("too short"))
			.withMessage("cluster.master.pool-secret (CLUSTER_MASTER_POOL_SECRET) must have at least 16 characters, "
					+ "got 9");
	}

	@Test
	void theSecretIsNeverShown() {
		PoolSecret secret = PoolSecret.generate();
		assertThat(secret.toString()).doesNotContain(secret.encoded());
		assertThat(new io.github.clustermaster.ipc.Frame.Secret(secret.encoded()).toString())
			.doesNotContain(secret.encoded());
	}

	@Test
	void eachKindOfStateNamesItsFixAndItsProperty() {
		PoolWarning warning = PerProcessState.LOCAL_CACHE.warning("ConcurrentMapCacheManager 'cacheManager'");
		assertThat(warning.kind()).isEqualTo("local-cache");
		assertThat(warning.message()).startsWith("Each worker has its own cache (ConcurrentMapCacheManager 'cacheManager')")
			.contains("spring.cache.type=redis")
			.endsWith("; cluster.master.warnings.local-cache=false silences this warning");
		assertThat(PerProcessState.of("simple-broker")).contains(PerProcessState.SIMPLE_BROKER);
		assertThat(PerProcessState.IN_MEMORY_DATABASE.warning("x").message()).contains("AUTO_SERVER=TRUE");
		assertThat(PerProcessState.SIMPLE_BROKER.warning("x").message()).contains("enableStompBrokerRelay");
	}

}
