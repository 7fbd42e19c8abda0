package io.github.clustermaster.worker.sharing;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WebFlux app of the port-sharing tests, run as a real master by
 * {@link SharingMasters} on Reactor Netty. No component scanning.
 *
 * @author cluster-master
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ReactiveSharingApplication.PidController.class)
public class ReactiveSharingApplication {

	private static final long PID = ProcessHandle.current().pid();

	public static void main(String[] args) {
		SpringApplication.run(ReactiveSharingApplication.class, args);
	}

	@RestController
	static class PidController {

		@GetMapping("/")
		Mono<String> pid() {
			return Mono.just("pid=" + PID);
		}

		@GetMapping("/slow")
		Mono<String> slow(@RequestParam("ms") long millis) {
			System.out.println(SharingMasters.SLOW_STARTED + PID);
			return Mono.delay(Duration.ofMillis(millis)).map((tick) -> "pid=" + PID);
		}

		/** Like {@code /slow}, without the line: for the many short requests of keep-alive clients. */
		@GetMapping("/busy")
		Mono<String> busy(@RequestParam("ms") long millis) {
			return Mono.delay(Duration.ofMillis(millis)).map((tick) -> "pid=" + PID);
		}

	}

}
