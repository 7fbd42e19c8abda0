package io.github.clustermaster.worker.state;

import java.util.List;

import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with the three kinds of per-process state a worker reports: an H2
 * database in memory, Spring's simple message broker and a cache manager in the heap, and
 * an HTTP session, which the pool shares. Run as a real master by
 * {@link PerProcessStateWarningsTests}. No component scanning.
 *
 * @author cluster-master
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(PerProcessStateApplication.PidController.class)
public class PerProcessStateApplication {

	private static final long PID = ProcessHandle.current().pid();

	@Bean
	DataSource dataSource() {
		return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1");
	}

	@Bean
	SimpleBrokerMessageHandler simpleBrokerMessageHandler() {
		return new SimpleBrokerMessageHandler(new ExecutorSubscribableChannel(), new ExecutorSubscribableChannel(),
				new ExecutorSubscribableChannel(), List.of("/topic"));
	}

	@Bean
	CacheManager cacheManager() {
		return new ConcurrentMapCacheManager("orders");
	}

	public static void main(String[] args) {
		SpringApplication.run(PerProcessStateApplication.class, args);
	}

	@RestController
	static class PidController {

		@GetMapping("/")
		String pid() {
			return "pid=" + PID;
		}

		@GetMapping("/session/set")
		String set(HttpSession session, @RequestParam String value) {
			session.setAttribute("value", value);
			return "pid=" + PID;
		}

		@GetMapping("/session/get")
		String get(HttpServletRequest request) {
			HttpSession session = request.getSession(false);
			return "pid=" + PID + " value=" + ((session != null) ? session.getAttribute("value") : "no session");
		}

	}

}
