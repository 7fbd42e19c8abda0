package io.github.clustermaster.master.launch;

import java.io.File;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProcessWorkerLauncher}.
 */
class ProcessWorkerLauncherTests {

	@Test
	void theLoggedCommandLineSumsUpTheClassPath() {
		String classPath = String.join(File.pathSeparator, "app/classes", "lib/a.jar", "lib/b.jar");
		assertThat(ProcessWorkerLauncher.display(List.of("/jdk/bin/java", "-Xmx1g", "-cp", classPath, "com.example.App",
				"--server.port=8080")))
			.isEqualTo("/jdk/bin/java -Xmx1g -cp <class path of 3 entries> com.example.App --server.port=8080");
		assertThat(ProcessWorkerLauncher.display(List.of("java", "--class-path", "app.jar", "com.example.App")))
			.isEqualTo("java --class-path <class path of 1 entry> com.example.App");
	}

	@Test
	void anExecutableJarsCommandLineIsShownWhole() {
		List<String> command = List.of("/jdk/bin/java", "-Dspring.profiles.include=worker", "-jar", "app.jar");
		assertThat(ProcessWorkerLauncher.display(command)).isEqualTo(String.join(" ", command));
	}

}
