package io.github.clustermaster.session.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebSession;

/**
 * A WebFlux app that keeps a value in its {@link WebSession}, run as a real master on
 * Reactor Netty by {@link WebFluxSessionsTests}. It knows nothing of the pool.
 *
 * @author cluster-master
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ReactiveSessionApplication.SessionController.class)
public class ReactiveSessionApplication {

	private static final long PID = ProcessHandle.current().pid();

	public static void main(String[] args) {
		SpringApplication.run(ReactiveSessionApplication.class, args);
	}

	@RestController
	static class SessionController {

		@GetMapping("/")
		String pid() {
			return "pid=" + PID;
		}

		@GetMapping("/set")
		String set(WebSession session, @RequestParam("value") String value) {
			session.getAttributes().put("value", value);
			return PID + " set " + value;
		}

		@GetMapping("/get")
		String get(WebSession session) {
			return PID + " got " + session.getAttributeOrDefault("value", "nothing");
		}

	}

}
