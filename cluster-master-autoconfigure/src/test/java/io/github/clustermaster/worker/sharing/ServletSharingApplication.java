package io.github.clustermaster.worker.sharing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet app of the port-sharing tests, run as a real master by {@link SharingMasters}:
 * Tomcat or Jetty, whichever its class path holds. No component scanning: the test
 * classes around it stay out.
 *
 * @author cluster-master
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ServletSharingApplication.PidController.class)
public class ServletSharingApplication {

	private static final long PID = ProcessHandle.current().pid();

	public static void main(String[] args) {
		SpringApplication.run(ServletSharingApplication.class, args);
	}

	@RestController
	static class PidController {

		@GetMapping("/")
		String pid() {
			return "pid=" + PID;
		}

		@GetMapping("/slow")
		String slow(@RequestParam("ms") long millis) throws InterruptedException {
			System.out.println(SharingMasters.SLOW_STARTED + PID);
			Thread.sleep(millis);
			return "pid=" + PID;
		}

		/** Like {@code /slow}, without the line: for the many short requests of keep-alive clients. */
		@GetMapping("/busy")
		String busy(@RequestParam("ms") long millis) throws InterruptedException {
			Thread.sleep(millis);
			return "pid=" + PID;
		}

	}

}
