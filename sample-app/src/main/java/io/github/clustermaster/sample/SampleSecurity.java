package io.github.clustermaster.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A form login in front of {@code /account}, as many applications have: the session, its
 * CSRF token and the login must work whichever worker answers. Only {@code /account/**},
 * {@code /login} and {@code /logout} go through this chain; the rest of the sample (and
 * its Actuator) is left open, as before. The user is Boot's {@code user}, with
 * {@code spring.security.user.password} or the password Boot generates (the pool's, the
 * same in every worker). HTTP Basic lets a test check the password on each worker without a
 * session: a browser (asking for HTML) without a session is sent to {@code /login}, a client
 * that does not ask for HTML is challenged for Basic (401).
 *
 * @author cluster-master
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurity {

	@Bean
	SecurityFilterChain accountSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/account/**", "/login", "/logout")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.formLogin((form) -> form.defaultSuccessUrl("/account", true).permitAll())
			.httpBasic(Customizer.withDefaults())
			.logout(Customizer.withDefaults());
		return http.build();
	}

}
