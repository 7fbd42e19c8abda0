package io.github.clustermaster.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SupervisorEvent}: an event's name is its record's name in kebab case,
 * and {@code docs/events.md}, which tools reading the event log go by, lists every name
 * and no other.
 *
 * @author cluster-master
 */
class SupervisorEventTests {

	/** A row of the table of events in the docs: {@code | `worker-ready` | …}. */
	private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|", Pattern.MULTILINE);

	/** The heading of the master's own events, after the supervisor's. */
	private static final String MASTER_EVENTS = "## The master's own events";

	@Test
	void anEventIsNamedAfterItsRecord() {
		assertThat(new SupervisorEvent.WorkerUnknown(9, 99).event()).isEqualTo("worker-unknown");
		assertThat(new SupervisorEvent.CrashLoopGaveUp(5, Duration.ofSeconds(60), 4, "").event())
			.isEqualTo("crash-loop-gave-up");
	}

	@Test
	void theDocsListEveryEventAndNoOther() throws IOException {
		Set<String> names = Arrays.stream(SupervisorEvent.class.getPermittedSubclasses())
			.map((type) -> type.getSimpleName().replaceAll("(?<!^)(?=[A-Z])", "-").toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		String docs = Files.readString(Path.of("..", "docs", "events.md"));
		// The master's own events follow under a heading of their own (MasterEventTests)
		Matcher rows = ROW.matcher(docs.substring(0, docs.indexOf(MASTER_EVENTS)));
		Set<String> documented = new HashSet<>();
		while (rows.find()) {
			documented.add(rows.group(1));
		}
		assertThat(documented).containsExactlyInAnyOrderElementsOf(names);
	}

}
