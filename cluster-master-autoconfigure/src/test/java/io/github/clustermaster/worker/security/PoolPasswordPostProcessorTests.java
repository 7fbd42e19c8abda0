package io.github.clustermaster.worker.security;

import io.github.clustermaster.pool.PoolSecret;
import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerSessions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolPasswordPostProcessor}.
 */
class PoolPasswordPostProcessorTests {

	private final PoolSecret secret = PoolSecret.generate();

	private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

	@Test
	void bootsGeneratedPasswordBecomesThePoolsAndTheUserIsReportedOnceBootsUserExists() {
		PoolPasswordPostProcessor processor = processor(WorkerSessions.of(1, this.secret.encoded()));
		FakeSecurityProperties properties = new FakeSecurityProperties();
		processor.postProcessAfterInitialization(properties, "spring.security-SecurityProperties");
		assertThat(properties.getUser().getPassword()).isEqualTo(this.secret.userPassword());
		assertThat(processor.user()).as("Boot's in-memory user not created yet").isNull();
		this.beans.registerSingleton("inMemoryUserDetailsManager", new Object());
		assertThat(processor.user()).isEqualTo("user");
	}

	@Test
	void aPasswordTheApplicationSetIsKept() {
		PoolPasswordPostProcessor processor = processor(WorkerSessions.of(1, this.secret.encoded()));
		FakeSecurityProperties properties = new FakeSecurityProperties();
		properties.getUser().setPassword("chosen");
		processor.postProcessAfterInitialization(properties, "properties");
		assertThat(properties.getUser().getPassword()).isEqualTo("chosen");
		this.beans.registerSingleton("inMemoryUserDetailsManager", new Object());
		assertThat(processor.user()).isNull();
	}

	@Test
	void otherBeansAreLeftAlone() {
		PoolPasswordPostProcessor processor = processor(WorkerSessions.of(1, this.secret.encoded()));
		Object bean = new Object();
		assertThat(processor.postProcessAfterInitialization(bean, "bean")).isSameAs(bean);
	}

	@Test
	void theRealSecurityPropertiesAreNamedAsInBoot4() {
		assertThat(PoolPasswordPostProcessor.SECURITY_PROPERTIES)
			.isEqualTo("org.springframework.boot.security.autoconfigure.SecurityProperties");
	}

	private PoolPasswordPostProcessor processor(WorkerSession session) {
		ObjectProvider<WorkerSession> provider = this.beans.getBeanProvider(WorkerSession.class);
		this.beans.registerSingleton("session", session);
		return new PoolPasswordPostProcessor(provider, this.beans, FakeSecurityProperties.class.getName());
	}

}
