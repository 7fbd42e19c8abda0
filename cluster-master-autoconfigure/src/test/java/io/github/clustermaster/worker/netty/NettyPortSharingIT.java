package io.github.clustermaster.worker.netty;

import java.util.List;
import java.util.regex.Pattern;

import io.github.clustermaster.worker.sharing.PortSharingScenario;
import io.github.clustermaster.worker.sharing.ReactiveSharingApplication;
import io.github.clustermaster.worker.sharing.SharingMasters;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Zero-drop port sharing on Reactor Netty: workers serve the master's inherited socket
 * with the epoll transport.
 */
@EnabledOnOs(OS.LINUX)
class NettyPortSharingIT extends PortSharingScenario {

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
		return List.of("--spring.main.web-application-type=reactive");
	}

	@Override
	protected String expectedMechanism() {
		return "one listening socket of the master, inherited by every worker (Reactor Netty)";
	}

}
