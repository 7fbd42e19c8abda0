package io.github.clustermaster.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.clustermaster.events.MasterEvent.ArchiveBuilt;
import io.github.clustermaster.events.MasterEvent.ArchiveStale;
import io.github.clustermaster.events.MasterEvent.MasterPidOne;
import io.github.clustermaster.events.MasterEvent.MasterStarting;
import io.github.clustermaster.events.MasterEvent.MessageListenerFailed;
import io.github.clustermaster.events.MasterEvent.PortShared;
import io.github.clustermaster.events.MasterEvent.ReplClientLeft;
import io.github.clustermaster.events.MasterEvent.ReplListening;
import io.github.clustermaster.events.MasterEvent.ScheduledWork;
import io.github.clustermaster.events.MasterEvent.SignalRefused;
import io.github.clustermaster.events.MasterEvent.UpgradeFailed;
import io.github.clustermaster.events.MasterEvent.UpgradeReady;
import io.github.clustermaster.events.MasterEvent.UpgradeStarted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MasterLog} and {@link MasterEvents}: each event's sentence is the one
 * the master logged before its events existed (users' logs, the README and the docs quote
 * them), under the logger of the class that logged it.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class MasterLogTests {

	private static final List<MasterEvent> EVERY_KIND = List.of(new MasterStarting(4321, 2, "shared port *:8080 (…)"),
			new MasterPidOne(), new PortShared("127.0.0.1:8080", "SO_REUSEPORT", null),
			new UpgradeStarted(7, "/srv/app.jar", null, false, Duration.ofSeconds(60)), new UpgradeReady(7, 2),
			new UpgradeFailed(7, "exited with code 1", null), new SignalRefused("TERM", "no"),
			new ReplListening("tcp:127.0.0.1:7000", null), new ReplClientLeft(1, 8),
			new ScheduledWork(true, "single", "com.example.App"),
			new MessageListenerFailed("com.example.Listener", 2, 1002, new IllegalStateException("no")),
			new ArchiveBuilt("CDS", "release 3f2a", Duration.ofMillis(1500), 40, "/c/a.jsa"),
			new ArchiveStale("CDS", "/c/a.jsa", "lib/a.jar"));

	@Test
	void theMastersStartIsLoggedAsBefore() {
		assertThat(MasterLog.text(new MasterStarting(4321, 1, "shared port *:8080 (SO_REUSEPORT)")))
			.isEqualTo("Master pid 4321 starts 1 worker on shared port *:8080 (SO_REUSEPORT)");
		assertThat(MasterLog.text(new MasterStarting(4321, 3, "no shared port")))
			.isEqualTo("Master pid 4321 starts 3 workers on no shared port");
		assertThat(MasterLog.text(new MasterPidOne())).startsWith("The master runs as PID 1 (a container started "
				+ "without an init process): it reaps its own workers, but no other process that ends up re-parented "
				+ "to it, and those stay zombies. Start the container with an init (docker run --init, tini, "
				+ "dumb-init; Kubernetes: shareProcessNamespace or an init in the image)");
		assertThat(MasterLog.text(new PortShared("127.0.0.1:8080", "SO_REUSEPORT, each worker binding its own socket "
				+ "(Jetty)", null)))
			.isEqualTo("Workers share 127.0.0.1:8080 via SO_REUSEPORT, each worker binding its own socket (Jetty)");
		assertThat(MasterLog.text(new PortShared("0.0.0.0:80", "the listening socket systemd passed", "8080")))
			.isEqualTo("Workers share 0.0.0.0:80 via the listening socket systemd passed; server.port=8080 is not "
					+ "bound");
	}

	@Test
	void anUpgradeIsLoggedAsBefore() {
		assertThat(MasterLog.text(new UpgradeStarted(7, "/srv/app.jar", "/opt/jdk/bin/java", true,
				Duration.ofSeconds(120))))
			.isEqualTo("Upgrade: new master pid 7 started from /srv/app.jar with /opt/jdk/bin/java, handed the "
					+ "listening socket; this master hands over once the new one has its workers ready (at most "
					+ "120 s)");
		assertThat(MasterLog.text(new UpgradeStarted(7, "/srv/app.jar", null, false, Duration.ofSeconds(60))))
			.isEqualTo("Upgrade: new master pid 7 started from /srv/app.jar; this master hands over once the new "
					+ "one has its workers ready (at most 60 s)");
		assertThat(MasterLog.text(new UpgradeReady(7, 1)))
			.isEqualTo("Upgrade: new master pid 7 ready with 1 worker; this master drains its workers and exits");
		assertThat(MasterLog.text(new UpgradeFailed(7, "exited with code 1 before it was ready", null)))
			.isEqualTo("Upgrade failed: new master pid 7 exited with code 1 before it was ready; this master serves "
					+ "on");
		assertThat(MasterLog.text(new UpgradeFailed(7, "was not ready within 1 s", Duration.ofSeconds(35))))
			.isEqualTo("Upgrade failed: new master pid 7 was not ready within 1 s; this master serves on (the new "
					+ "master is stopped, killed if it is still there in 35 s)");
		assertThat(MasterLog.text(new SignalRefused("TERM", "Quit refused: this master has handed over")))
			.isEqualTo("SIGTERM refused: Quit refused: this master has handed over");
	}

	@Test
	void theReplSchedulingMessagingAndArchivesAreLoggedAsBefore() {
		assertThat(MasterLog.text(new ReplListening("unix:/srv/s (mode 0600)", "/srv/s")))
			.isEqualTo("REPL listening on unix:/srv/s (mode 0600): connect with nc -U /srv/s or socat - "
					+ "UNIX-CONNECT:/srv/s");
		assertThat(MasterLog.text(new ReplListening("tcp:127.0.0.1:7000", null)))
			.isEqualTo("REPL listening on tcp:127.0.0.1:7000");
		assertThat(MasterLog.text(new ReplClientLeft(3, 8)))
			.isEqualTo("REPL session 3: the client left in the middle of a line (8 bytes), which was not run");
		assertThat(MasterLog.text(new ScheduledWork(true, "single", "com.example.App")))
			.isEqualTo("Scheduled work: once per pool (cluster.master.scheduling=single)");
		assertThat(MasterLog.text(new ScheduledWork(false, "every-worker", "com.example.App")))
			.isEqualTo("Scheduled work: in every worker (cluster.master.scheduling=every-worker)");
		assertThat(MasterLog.text(new MessageListenerFailed("com.example.Listener", 2, 1002,
				new IllegalArgumentException("a ping needs a text"))))
			.isEqualTo("Message listener com.example.Listener failed on a message from worker 2 (pid 1002): "
					+ "java.lang.IllegalArgumentException: a ping needs a text");
		assertThat(MasterLog.text(new ArchiveBuilt("AOT cache", "release 3f2a (/srv/app.jar)", Duration.ofMillis(12_345),
				41, "/c/a.aot")))
			.isEqualTo("Built the AOT cache archive of release 3f2a (/srv/app.jar) in 12.3 s (41 MiB, /c/a.aot): "
					+ "later workers boot with it");
		assertThat(MasterLog.text(new ArchiveStale("CDS", "/c/a.jsa", "/srv/lib/a.jar")))
			.isEqualTo("The CDS archive /c/a.jsa no longer matches /srv/lib/a.jar, so the JVM would reject it; "
					+ "workers start without it until it is rebuilt");
	}

	@Test
	void everyEventIsLoggedUnderAClassThatExists() throws ClassNotFoundException {
		for (MasterEvent event : EVERY_KIND) {
			if (!(event instanceof ScheduledWork)) {
				assertThat(Class.forName(MasterLog.logger(event))).as(event.event()).isNotNull();
			}
		}
		assertThat(MasterLog.logger(new ScheduledWork(true, "single", "com.example.App")))
			.isEqualTo("com.example.App");
		assertThat(EVERY_KIND).<Class<?>>map(MasterEvent::getClass)
			.containsExactlyInAnyOrder(MasterEvent.class.getPermittedSubclasses());
	}

	@Test
	void theEventsAreLoggedThenGivenToEveryListenerEvenWhenOneFails(CapturedOutput output) {
		MasterEvents events = new MasterEvents();
		List<MasterEvent> heard = new CopyOnWriteArrayList<>();
		events.addListener((event) -> {
			throw new IllegalStateException("a broken listener");
		});
		events.addListener(heard::add);
		events.accept(new UpgradeFailed(7, "exited with code 1", null));
		assertThat(heard).singleElement().isInstanceOf(UpgradeFailed.class);
		assertThat(output).contains("WARN").contains("Upgrade failed: new master pid 7 exited with code 1")
			.contains("failed on upgrade-failed; the master carries on");
	}

}
