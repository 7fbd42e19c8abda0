package io.github.clustermaster.master.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.clustermaster.control.MasterUpgrade;
import io.github.clustermaster.events.MasterEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MasterUpgrader}, the old master's side of an upgrade, with a shell
 * script standing in for the new master's java and the test speaking the hand-over for it.
 */
@EnabledOnOs(OS.LINUX)
class MasterUpgraderTests {

	/** A new master's command line, as the master's configuration builds it from its own. */
	private static final Function<@Nullable String, List<String>> MASTER_COMMAND = (java) -> List
		.of((java != null) ? java : "/jdk/bin/java", "-jar", "app.jar");

	@TempDir
	Path directory;

	private final AtomicInteger quits = new AtomicInteger();

	private final List<MasterUpgradeEvent> events = new CopyOnWriteArrayList<>();

	private final List<MasterEvent> reported = new CopyOnWriteArrayList<>();

	private MasterUpgrader upgrader;

	private MasterUpgrade.Upgrading upgrading;

	@AfterEach
	void endTheNewMaster() {
		if (this.upgrading != null) {
			ProcessHandle.of(this.upgrading.pid()).ifPresent(ProcessHandle::destroyForcibly);
		}
		if (this.upgrader != null) {
			this.upgrader.close();
		}
	}

	@Test
	void aNewMasterThatExitsBeforeItIsReadyFailsTheUpgradeAndThisMasterServesOn() throws Exception {
		this.upgrader = upgrader(Duration.ofMinutes(1), false);
		this.upgrading = this.upgrader.start(script("exit 3"));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.upgrading.tookOver().get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("Upgrade failed: new master pid " + this.upgrading.pid()
					+ " exited with code 3 before it was ready; this master serves on");
		assertThat(this.upgrader.current()).isNull();
		assertThat(this.quits).hasValue(0);
		assertThat(this.events).isEmpty();
		assertThat(this.reported).map(MasterEvent::event).containsExactly("upgrade-started", "upgrade-failed");
		assertThat(this.reported.get(1).fields()).containsEntry("pid", this.upgrading.pid())
			.containsEntry("reason", "exited with code 3 before it was ready");
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void aSecondUpgradeWhileOneRunsIsRefusedAndANewMasterNotReadyInTimeIsStopped() throws Exception {
		this.upgrader = upgrader(Duration.ofSeconds(1), false);
		String java = script("exec sleep 60");
		this.upgrading = this.upgrader.start(java);
		assertThat(this.upgrader.current()).isSameAs(this.upgrading);
		assertThatIllegalStateException().isThrownBy(() -> this.upgrader.start(java))
			.withMessage("an upgrade is already running (new master pid " + this.upgrading.pid() + ")");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.upgrading.tookOver().get(10, TimeUnit.SECONDS))
			.withMessageContaining("new master pid " + this.upgrading.pid() + " was not ready within 1 s; "
					+ "this master serves on (the new master is stopped");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ProcessHandle.of(this.upgrading.pid()).map((process) -> !process.isAlive()).orElse(true));
		assertThat(this.upgrader.current()).isNull();
		assertThat(this.quits).hasValue(0);
	}

	@Test
	void aNewMasterThatSaysItIsReadyIsToldToTakeOverAndThisMasterQuits() throws Exception {
		this.upgrader = upgrader(Duration.ofMinutes(1), false);
		this.upgrading = this.upgrader.start(script("exec sleep 60"));
		String answer;
		try (SocketChannel link = SocketChannel.open(UnixDomainSocketAddress.of(this.directory.resolve("upgrade-1")))) {
			link.write(StandardCharsets.UTF_8.encode("ready 2\n"));
			answer = new BufferedReader(Channels.newReader(link, StandardCharsets.UTF_8)).readLine();
		}
		assertThat(answer).isEqualTo("take-over");
		assertThat(this.upgrading.tookOver().get(10, TimeUnit.SECONDS)).isEqualTo(2);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.quits.get() == 1);
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.kind()).isEqualTo(MasterUpgradeEvent.Kind.HANDED_OVER);
			assertThat(event.otherPid()).isEqualTo(this.upgrading.pid());
		});
		assertThat(this.reported).map(MasterEvent::event).containsExactly("upgrade-started", "upgrade-ready");
		assertThat(this.reported.get(1).fields()).containsEntry("workers", 2);
		assertThatIllegalStateException().isThrownBy(() -> this.upgrader.start(null))
			.withMessage("this master has handed over to master pid " + this.upgrading.pid() + " and is exiting");
		assertThat(ProcessHandle.of(this.upgrading.pid()).map(ProcessHandle::isAlive)).contains(true);
	}

	@Test
	void theNewMasterGetsThePoolSecretInItsEnvironment() throws Exception {
		this.upgrader = upgrader(Duration.ofMinutes(1), false);
		this.upgrader.handOver(io.github.clustermaster.pool.PoolSecret.ENVIRONMENT, "the-pool-secret-of-this-test");
		Path seen = this.directory.resolveSibling(this.directory.getFileName() + "-secret");
		this.upgrading = this.upgrader.start(script("echo \"$CLUSTER_MASTER_POOL_SECRET\" > " + seen + "; exec sleep 60"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seen).content().isEqualTo("the-pool-secret-of-this-test\n"));
		Files.delete(seen);
	}

	@Test
	void aMasterThatHasNotTakenOverYetOrAJavaThatIsNoExecutableIsRefused() throws IOException {
		this.upgrader = upgrader(Duration.ofMinutes(1), true);
		assertThatIllegalStateException().isThrownBy(() -> this.upgrader.start(null))
			.withMessage("this master was started by an upgrade and has not taken over yet");
		MasterUpgrader ready = upgrader(Duration.ofMinutes(1), false);
		try {
			assertThatIllegalArgumentException().isThrownBy(() -> ready.start("/nowhere/java"))
				.withMessage("java /nowhere/java is not an executable file");
		}
		finally {
			ready.close();
		}
	}

	private MasterUpgrader upgrader(Duration timeout, boolean takingOver) {
		return new MasterUpgrader(MASTER_COMMAND, this.directory, null, this.quits::incrementAndGet, timeout,
				Duration.ofSeconds(5), null, (event) -> this.events.add((MasterUpgradeEvent) event), this.reported::add,
				() -> takingOver);
	}

	/** An executable that stands in for the new master's java. */
	private String script(String body) throws IOException {
		Path script = Files.createTempFile("fake-java", ".sh");
		Files.writeString(script, "#!/bin/sh\n" + body + "\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		script.toFile().deleteOnExit();
		return script.toString();
	}

}
