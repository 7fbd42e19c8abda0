package io.github.clustermaster.worker.tomcat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Worker JVM for {@link TomcatSharedSocketDrainIT}: a minimal web app that answers
 * with its pid. Auto-configurations are listed, not discovered, so that nothing else on
 * the test classpath takes part. {@code -Ddrain=false} leaves the drain out, to compare
 * by hand.
 *
 * @author cluster-master
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
		WebMvcAutoConfiguration.class })
@Import(DrainTestApplication.PidController.class)
public class DrainTestApplication {

	static final String READY = "DRAIN-TEST-READY";

	static final String SLOW_STARTED = "DRAIN-TEST-SLOW-STARTED";

	private static final long PID = ProcessHandle.current().pid();

	@Bean
	InheritedChannelConnectorCustomizer inheritedChannelConnectorCustomizer() {
		return new InheritedChannelConnectorCustomizer();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "drain", matchIfMissing = true)
	TomcatAcceptorDrain tomcatAcceptorDrain(WebServerApplicationContext context) {
		return new TomcatAcceptorDrain(context);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> readyMarker() {
		return (event) -> System.out.println(READY + " " + PID);
	}

	public static void main(String[] args) {
		SpringApplication.run(DrainTestApplication.class, args);
	}

	@RestController
	static class PidController {

		@GetMapping("/")
		String pid() {
			return "pid=" + PID;
		}

		@GetMapping("/slow")
		String slow(@RequestParam("ms") long millis) throws InterruptedException {
			System.out.println(SLOW_STARTED + " " + PID);
			Thread.sleep(millis);
			return "pid=" + PID;
		}

	}

}
