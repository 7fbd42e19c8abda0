package io.github.clustermaster.worker;

import java.util.ArrayList;
import java.util.List;

import io.github.clustermaster.pool.PerProcessState;
import io.github.clustermaster.pool.PoolWarning;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.context.annotation.SessionScope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link PerProcessState#SESSIONS} warning of {@link PerProcessStateDetector}: a
 * servlet application that uses HTTP sessions on a container other than Tomcat without
 * spring-session-core on its class path keeps them per worker, and is told so with the
 * fix; on Tomcat the pool shares them by itself.
 */
class PerWorkerSessionsDetectionTests {

	/** Jetty or another container than Tomcat, without spring-session-core. */
	private static final FilteredClassLoader WITHOUT_SPRING_SESSION = new FilteredClassLoader("org.springframework.session",
			"org.apache.catalina");

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withClassLoader(WITHOUT_SPRING_SESSION);

	@Test
	void aFormLoginWithoutSpringSessionIsNamedWithTheFixAndThePropertyThatSilencesIt() {
		this.servlet.withUserConfiguration(FormLogin.class).run((context) -> {
			assertThat(sessionWarnings(context)).singleElement().satisfies((warning) -> {
				assertThat(warning.kind()).isEqualTo("sessions");
				assertThat(warning.message()).startsWith("Each worker keeps its own HTTP sessions (a login by "
						+ "UsernamePasswordAuthenticationFilter in SecurityFilterChain 'formLogin')")
					.contains("a login or a session attribute is lost when a request reaches another worker",
							"Add org.springframework.session:spring-session-core (its version is managed by Spring Boot; "
									+ "check the licence its POM names)",
							"cluster.master.warnings.sessions=false silences this warning");
			});
		});
	}

	@Test
	void sessionPropertiesAndSessionScopedBeansAreNamedToo() {
		this.servlet.withUserConfiguration(Cart.class)
			.withPropertyValues("server.servlet.session.timeout=20m", "server.servlet.session.cookie.name=SHOP")
			.run((context) -> assertThat(sessionWarnings(context)).singleElement()
				.extracting(PoolWarning::message)
				.asString()
				.startsWith("Each worker keeps its own HTTP sessions (server.servlet.session.cookie; "
						+ "server.servlet.session.timeout; session-scoped bean 'cart')"));
	}

	@Test
	void withSpringSessionOnTheClassPathThePoolSharesSessionsAndNothingIsSaid() {
		new WebApplicationContextRunner().withUserConfiguration(FormLogin.class)
			.withPropertyValues("server.servlet.session.timeout=20m")
			.run((context) -> assertThat(sessionWarnings(context)).isEmpty());
	}

	@Test
	void onTomcatThePoolSharesSessionsWithoutSpringSessionAndNothingIsSaid() {
		new WebApplicationContextRunner().withClassLoader(new FilteredClassLoader("org.springframework.session"))
			.withUserConfiguration(FormLogin.class)
			.withPropertyValues("server.servlet.session.timeout=20m")
			.run((context) -> assertThat(sessionWarnings(context)).isEmpty());
	}

	@Test
	void aServletApplicationWithoutSignsOfSessionsHasNoWarning() {
		this.servlet.withUserConfiguration(BasicOnly.class).run((context) -> assertThat(sessionWarnings(context)).isEmpty());
	}

	@Test
	void anApplicationThatIsNotAServletOneHasNoWarning() {
		new ApplicationContextRunner().withClassLoader(WITHOUT_SPRING_SESSION)
			.withPropertyValues("server.servlet.session.timeout=20m")
			.run((context) -> assertThat(sessionWarnings(context)).isEmpty());
	}

	@Test
	void thePropertySilencesTheWarning() {
		this.servlet.withUserConfiguration(FormLogin.class)
			.withPropertyValues("cluster.master.warnings.sessions=false")
			.run((context) -> assertThat(sessionWarnings(context)).isEmpty());
	}

	@Test
	void anApplicationThatTurnedThePoolsSessionsOffChoseSessionsPerWorker() {
		this.servlet.withUserConfiguration(FormLogin.class)
			.withPropertyValues("cluster.master.sessions.enabled=false")
			.run((context) -> assertThat(sessionWarnings(context)).isEmpty());
	}

	private static List<PoolWarning> sessionWarnings(ConfigurableApplicationContext context) {
		return new PerProcessStateDetector(context.getBeanFactory(), context.getEnvironment()).detect()
			.stream()
			.filter((warning) -> warning.kind().equals(PerProcessState.SESSIONS.kind()))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class FormLogin {

		@Bean
		SecurityFilterChain formLogin() {
			return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, new UsernamePasswordAuthenticationFilter());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BasicOnly {

		@Bean
		SecurityFilterChain basic() {
			return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE,
					new BasicAuthenticationFilter((authentication) -> authentication));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Cart {

		@Bean
		@SessionScope
		ArrayList<String> cart() {
			return new ArrayList<>();
		}

	}

}
