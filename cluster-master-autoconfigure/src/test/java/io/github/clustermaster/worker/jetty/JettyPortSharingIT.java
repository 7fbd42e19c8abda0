package io.github.clustermaster.worker.jetty;

import java.util.regex.Pattern;

import io.github.clustermaster.worker.sharing.PortSharingScenario;
import io.github.clustermaster.worker.sharing.ServletSharingApplication;
import io.github.clustermaster.worker.sharing.SharingMasters;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Zero-drop port sharing on Jetty: workers serve the master's inherited socket.
 */
@EnabledOnOs(OS.LINUX)
class JettyPortSharingIT extends PortSharingScenario {

	@Override
	protected String server() {
		return "Jetty";
	}

	@Override
	protected Class<?> application() {
		return ServletSharingApplication.class;
	}

	@Override
	protected Pattern excludedClassPath() {
		return SharingMasters.ONLY_JETTY;
	}

	@Override
	protected String expectedMechanism() {
		return "one listening socket of the master, inherited by every worker (Jetty)";
	}

}
