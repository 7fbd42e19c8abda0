package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProcessTree}.
 *
 * @author cluster-master
 */
class ProcessTreeTests {

	private final String mark = UUID.randomUUID().toString();

	private final List<Process> started = new ArrayList<>();

	@AfterEach
	void killAll() {
		this.started.forEach(Process::destroyForcibly);
	}

	@Test
	void survivorsIncludeAProcessThatCarriesTheMarkWithoutDescendingFromTheRoot() throws IOException {
		Process root = sleep(this.mark);
		Process stranger = sleep(this.mark);
		Process unrelated = sleep(UUID.randomUUID().toString());
		ProcessTree tree = new ProcessTree(root.toHandle(), this.mark);
		assertThat(tree.survivors()).containsExactly(stranger.pid());
		tree.destroy(root, Duration.ofSeconds(10));
		assertThat(root.isAlive()).isFalse();
		// Killed, though the JDK may not have reaped it yet: Process.isAlive() would race.
		assertThat(Processes.isRunning(stranger.toHandle())).isFalse();
		assertThat(unrelated.isAlive()).isTrue();
	}

	@Test
	void destroyKillsDescendantsSeenBeforeTheRootDied() throws IOException {
		Process root = start(List.of("bash", "-c", "sleep 300 & sleep 300 & wait"), "");
		ProcessTree tree = new ProcessTree(root.toHandle(), this.mark);
		Waiting.upTo(Duration.ofSeconds(10), Duration.ofMillis(20)).until(() -> {
			tree.sample();
			return tree.survivors().size() == 2;
		});
		List<ProcessHandle> children = root.toHandle().children().toList();
		root.destroyForcibly();
		Waiting.upTo(Duration.ofSeconds(10), Duration.ofMillis(20)).until(() -> !root.isAlive());
		assertThat(children).allMatch(Processes::isRunning);
		tree.destroy(root, Duration.ofSeconds(10));
		assertThat(children).noneMatch(Processes::isRunning);
	}

	private Process sleep(String mark) throws IOException {
		return start(List.of("sleep", "300"), mark);
	}

	private Process start(List<String> command, String mark) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		if (!mark.isEmpty()) {
			builder.environment().put(ProcessTree.MARK_VARIABLE, mark);
		}
		Process process = builder.start();
		this.started.add(process);
		return process;
	}

}
