package io.github.clustermaster.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The README's recipe "Protect the Actuator", run by the sample in the profile
 * {@code secured-actuator}: a filter chain of its own for the Actuator's endpoints only,
 * ordered before the application's, with HTTP Basic for operators, no CSRF token (nothing
 * there is a browser's form) and no session; {@code health} open, the other reads for
 * {@code ACTUATOR_READ}, {@code env} and every write for {@code ACTUATOR_ADMIN}. The
 * operators are this chain's own, not beans: Boot's {@code user} stays the application's
 * form login user ({@link SampleSecurity}). Passwords from {@code sample.operator.password}
 * and {@code sample.viewer.password}, with their encoding prefix ({@code {bcrypt}…};
 * {@code {noop}…} in tests).
 *
 * @author cluster-master
 */
@Configuration(proxyBeanMethods = false)
@Profile("secured-actuator")
class SampleOperatorSecurity {

	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurity(HttpSecurity http, @Value("${sample.operator.password}") String operator,
			@Value("${sample.viewer.password}") String viewer) throws Exception {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		InMemoryUserDetailsManager operators = new InMemoryUserDetailsManager(
				User.withUsername("operator").password(operator).roles("ACTUATOR_READ", "ACTUATOR_ADMIN").build(),
				User.withUsername("viewer").password(viewer).roles("ACTUATOR_READ").build());
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(operators);
		provider.setPasswordEncoder(encoder);
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				.requestMatchers(EndpointRequest.to("env")).hasRole("ACTUATOR_ADMIN")
				.requestMatchers(HttpMethod.GET).hasRole("ACTUATOR_READ")
				.anyRequest().hasRole("ACTUATOR_ADMIN"))
			.authenticationManager(new ProviderManager(provider))
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

}
