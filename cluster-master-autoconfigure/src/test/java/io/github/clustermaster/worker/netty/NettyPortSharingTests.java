package io.github.clustermaster.worker.netty;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.worker.sharing.PortSharingScenario;
import io.github.clustermaster.worker.sharing.ReactiveSharingApplication;
import io.github.clustermaster.worker.sharing.SharingMasters;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zero-drop port sharing on Reactor Netty: workers serve the master's inherited socket
 * with the epoll transport. Every worker warms up first ({@code cluster.master.warmup.*},
 * on this cluster rather than one of its own), so the rolling restarts also show that a
 * warm-up's hold of the shared socket drops nothing.
 */
@EnabledOnOs(OS.LINUX)
class NettyPortSharingTests extends PortSharingScenario {

	static final int WARMUP_REQUESTS = 20;

	@Test
	@Order(0)
	void everyWorkerWarmsUpOnAPrivateLoopbackPortBeforeItIsReady() {
		Pattern warmedUp = Pattern.compile("Worker (\\d+) warmed up before joining the shared port: " + WARMUP_REQUESTS
				+ " requests in [0-9.]+ s \\(2xx " + WARMUP_REQUESTS + "\\), slowest GET / \\d+ ms on "
				+ "127\\.0\\.0\\.1:(\\d+) \\(now closed\\)");
		for (int worker = 1; worker <= 2; worker++) {
			String ready = cluster().awaitOutput(Pattern.compile("Worker " + worker + " \\(pid \\d+\\) is ready after"), 0,
					BOOT);
			List<String> output = cluster().output();
			int warm = -1;
			for (int i = 0; i < output.size() && warm < 0; i++) {
				Matcher matcher = warmedUp.matcher(output.get(i));
				if (matcher.find() && Integer.parseInt(matcher.group(1)) == worker) {
					warm = i;
					assertThat(Integer.parseInt(matcher.group(2))).as("a private port").isNotEqualTo(port());
				}
			}
			assertThat(warm).as("worker %d's warm-up line", worker).isNotNegative();
			assertThat(warm).as("worker %d warmed up before it was ready", worker).isLessThan(output.indexOf(ready));
		}
	}

	@Override
	protected String server() {
		return "Reactor Netty";
	}

	@Override
	protected Class<?> application() {
		return ReactiveSharingApplication.class;
	}

	@Override
	protected Pattern excludedClassPath() {
		return SharingMasters.ONLY_REACTOR_NETTY;
	}

	@Override
	protected List<String> extraArgs() {
		return List.of("--spring.main.web-application-type=reactive", "--cluster.master.warmup.paths=/",
				"--cluster.master.warmup.requests=" + WARMUP_REQUESTS);
	}

	@Override
	protected String expectedMechanism() {
		return "one listening socket of the master, inherited by every worker (Reactor Netty)";
	}

}
