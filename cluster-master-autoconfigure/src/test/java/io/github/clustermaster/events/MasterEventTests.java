package io.github.clustermaster.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MasterEvent}: named as the supervisor's events are, with flat fields
 * that leave out what has no value, and {@code docs/events.md} lists every name under the
 * master's own heading and no other.
 *
 * @author cluster-master
 */
class MasterEventTests {

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|", Pattern.MULTILINE);

	@Test
	void anEventIsNamedAfterItsRecord() {
		assertThat(new MasterEvent.UpgradeReady(7, 2).event()).isEqualTo("upgrade-ready");
		assertThat(new MasterEvent.MasterPidOne().event()).isEqualTo("master-pid-one");
		assertThat(new MasterEvent.ReplClientLeft(1, 8).event()).isEqualTo("repl-client-left");
	}

	@Test
	void fieldsAreFlatInOrderWithDurationsInMillisecondsAndWithoutTheOnesThatHaveNoValue() {
		assertThat(new MasterEvent.UpgradeStarted(7, "/srv/app.jar", null, true, Duration.ofSeconds(120)).fields())
			.containsExactly(Map.entry("pid", 7L), Map.entry("from", "/srv/app.jar"),
					Map.entry("socket", true), Map.entry("timeoutMs", 120_000L));
		assertThat(new MasterEvent.PortShared("127.0.0.1:8080", "SO_REUSEPORT", null).fields())
			.containsOnlyKeys("address", "via");
		assertThat(new MasterEvent.ScheduledWork(true, "single", "com.example.App").fields())
			.containsOnlyKeys("oncePerPool", "scheduling");
		assertThat(new MasterEvent.MessageListenerFailed("com.example.Listener", 2, 1002,
				new IllegalArgumentException("no")).fields())
			.containsEntry("error", "java.lang.IllegalArgumentException: no");
	}

	@Test
	void theDocsListEveryEventUnderTheMastersOwnHeadingAndNoOther() throws IOException {
		Set<String> names = Arrays.stream(MasterEvent.class.getPermittedSubclasses())
			.map((type) -> type.getSimpleName().replaceAll("(?<!^)(?=[A-Z])", "-").toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		String docs = Files.readString(Path.of("..", "docs", "events.md"));
		Matcher rows = ROW.matcher(docs.substring(docs.indexOf("## The master's own events")));
		Set<String> documented = new HashSet<>();
		while (rows.find()) {
			documented.add(rows.group(1));
		}
		assertThat(documented).containsExactlyInAnyOrderElementsOf(names);
	}

}
