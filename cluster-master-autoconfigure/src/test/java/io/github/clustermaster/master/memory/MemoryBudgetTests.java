package io.github.clustermaster.master.memory;

import java.util.List;

import io.github.clustermaster.master.WorkerCommandLine;
import io.github.clustermaster.supervisor.MaxSurge;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MemoryBudget}: the arithmetic, the log line, the resize check.
 */
class MemoryBudgetTests {

	private static final long MIB = 1L << 20;

	private static final long GIB = 1L << 30;

	private static final VisibleMemory EIGHT_GIB = new VisibleMemory(8 * GIB, "cgroup memory.max");

	private static final HeapOptions NONE = HeapOptions.of(List.of());

	private static final MaxSurge ONE = new MaxSurge(1, false);

	private static final MemoryBudget.OtherJvms NO_OTHERS = MemoryBudget.OtherJvms.NONE;

	private static final MemoryBudget.OtherJvms TRAINING_RUN = MemoryBudget.OtherJvms.TRAINING_RUN;

	@Test
	void workersWithoutAHeapOptionGetTheirShareOfTheMemory() {
		// 8 GiB less 10% and the master's 256 MiB, shared by 5 JVMs (4 + 1 surging), less 256 MiB non-heap each
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, null, NONE, 4, 2, ONE, NO_OTHERS);
		assertThat(budget.size()).isEqualTo(4);
		assertThat(budget.option()).isEqualTo("-Xmx1167m");
		assertThat(budget.fits()).isTrue();
		assertThat(budget.summary()).isEqualTo("Memory budget: 8.0 GiB seen (cgroup memory.max), 4 workers (up to 5 "
				+ "JVMs during a rolling restart) × (max heap 1.1 GiB + 256 MiB non-heap) + master 256 MiB + 10% "
				+ "headroom = 8.0 GiB fit: workers get -Xmx1167m");
	}

	@Test
	void theOptionIsAddedAfterTheOtherOptions() {
		WorkerCommandLine commandLine = new WorkerCommandLine("java", List.of("-XX:+UseSerialGC"),
				List.of("-jar", "app.jar"), List.of());
		MemoryBudget.plan(EIGHT_GIB, null, NONE, 4, 2, ONE, NO_OTHERS).apply(commandLine.jvmArgs());
		assertThat(commandLine.command()).containsExactly("java", "-XX:+UseSerialGC", "-Xmx1167m", "-jar", "app.jar");
	}

	@Test
	void aShareAboveTheJvmsDefaultHeapKeepsTheDefault() {
		MemoryBudget budget = MemoryBudget.plan(new VisibleMemory(64 * GIB, "physical memory"), null, NONE, 2, 2, ONE, NO_OTHERS);
		assertThat(budget.option()).isNull();
		assertThat(budget.summary()).startsWith("Memory budget: 64.0 GiB seen (physical memory), 2 workers (up to 3 "
				+ "JVMs during a rolling restart) × (default max heap 16.0 GiB + 256 MiB non-heap)")
			.endsWith("fit: workers keep the JVM's default heap");
	}

	@Test
	void theLimitPropertyReplacesWhatTheMasterSeesButNotTheJvmsDefault() {
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, 4 * GIB, NONE, 2, 2, ONE, NO_OTHERS);
		assertThat(budget.option()).isEqualTo("-Xmx887m");
		assertThat(budget.summary()).startsWith("Memory budget: 4.0 GiB seen (cluster.master.memory.limit), ");
	}

	@Test
	void anUnsetSizeIsLoweredToTheWorkersThatFit() {
		// one worker per processor: 64 workers, with up to 64 more during a rolling restart
		MemoryBudget budget = MemoryBudget.plan(new VisibleMemory(4 * GIB, "cgroup memory.max"), null, NONE, null, 64,
				new MaxSurge(64, false), NO_OTHERS);
		assertThat(budget.size()).isEqualTo(4);
		assertThat(budget.option()).isEqualTo("-Xmx172m");
		assertThat(budget.summary()).endsWith("; size 4, not one worker per processor (64): no more fit "
				+ "(set cluster.master.size to choose)");
	}

	@Test
	void aSizeThatCannotFitFailsNamingTheSizeAndSayingHowManyFit() {
		assertThatExceptionOfType(MemoryBudgetException.class)
			.isThrownBy(() -> MemoryBudget.plan(new VisibleMemory(4 * GIB, "cgroup memory.max"), null, NONE, 16, 2, ONE, NO_OTHERS))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("cluster.master.size");
				assertThat(ex.getMessage()).isEqualTo("16 workers (up to 17 JVMs during a rolling restart) cannot fit "
						+ "in the 4.0 GiB this master sees (cgroup memory.max): each would get 0 MiB of heap, "
						+ "below the minimum of 128 MiB, after 256 MiB non-heap each, the master's 256 MiB and 10% "
						+ "headroom");
				assertThat(ex.getAction()).startsWith("Lower cluster.master.size (7 workers fit), or give the master "
						+ "more memory");
			});
	}

	@Test
	void memoryThatCannotFitOneWorkerFailsNamingTheLimit() {
		assertThatExceptionOfType(MemoryBudgetException.class)
			.isThrownBy(() -> MemoryBudget.plan(EIGHT_GIB, 512 * MIB, NONE, 1, 2, ONE, NO_OTHERS))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("cluster.master.memory.limit");
				assertThat(ex.getAction()).startsWith("Give the master more memory");
			});
	}

	@Test
	void anExplicitHeapThatFitsIsKeptAndLogged() {
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, null, HeapOptions.of(List.of("-Xmx512m")), 4, 2, ONE, NO_OTHERS);
		assertThat(budget.option()).isNull();
		assertThat(budget.fits()).isTrue();
		assertThat(budget.summary()).isEqualTo("Memory budget: 8.0 GiB seen (cgroup memory.max), 4 workers (up to 5 "
				+ "JVMs during a rolling restart) × (max heap 512 MiB from -Xmx512m + 256 MiB non-heap) + master 256 "
				+ "MiB + 10% headroom = 4.8 GiB fit");
	}

	@Test
	void anExplicitHeapThatDoesNotFitIsAWarningWithTheNumbers() {
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, null, HeapOptions.of(List.of("-XX:MaxRAMPercentage=50")),
				4, 2, ONE, NO_OTHERS);
		assertThat(budget.fits()).isFalse();
		assertThat(budget.option()).isNull();
		assertThat(budget.summary()).isEqualTo("Memory budget: 8.0 GiB seen (cgroup memory.max), but 4 workers (up "
				+ "to 5 JVMs during a rolling restart) × (max heap 4.0 GiB from -XX:MaxRAMPercentage=50 + 256 MiB "
				+ "non-heap) + master 256 MiB + 10% headroom = 22.3 GiB: under load the kernel may kill workers; lower "
				+ "the heap or cluster.master.size");
	}

	@Test
	void aResizeUpWhoseWorkersWouldNotFitAtRestWithTheStartsHeapIsRefusedWithTheNumbers() {
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, null, NONE, 4, 2, ONE, NO_OTHERS);
		assertThat(budget.refusal(4)).isNull();
		// the start kept room for one surging replacement: one more worker fits at rest
		assertThat(budget.refusal(5)).isNull();
		assertThat(budget.refusal(6)).isEqualTo("6 workers × (max heap 1.1 GiB + 256 MiB non-heap) + master 256 MiB + "
				+ "10% headroom = 9.4 GiB exceed the 8.0 GiB this master sees (cgroup memory.max)");
	}

	@Test
	void anExplicitHeapIsCheckedOnResizeToo() {
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, null, HeapOptions.of(List.of("-Xmx2g")), 2, 2, ONE, NO_OTHERS);
		assertThat(budget.refusal(3)).isNull();
		assertThat(budget.refusal(4)).isEqualTo("4 workers × (max heap 2.0 GiB from -Xmx2g + 256 MiB non-heap) + "
				+ "master 256 MiB + 10% headroom = 10.0 GiB exceed the 8.0 GiB this master sees (cgroup memory.max)");
	}

	@Test
	void aDisabledBudgetAddsNothingAndRefusesNothing() {
		MemoryBudget budget = MemoryBudget.disabled(64);
		assertThat(budget.option()).isNull();
		assertThat(budget.size()).isEqualTo(64);
		assertThat(budget.refusal(1024)).isNull();
	}

	@Test
	void theTrainingRunIsOneMoreJvmWithTheWorkersHeapInTheBudgetAndItsLine() {
		// 8 GiB less 10% and the master's 256 MiB, shared by 4 workers + 2 surging + 1 training run
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, null, NONE, 4, 2, new MaxSurge(2, false), TRAINING_RUN);
		assertThat(budget.option()).isEqualTo("-Xmx760m");
		assertThat(budget.summary()).isEqualTo("Memory budget: 8.0 GiB seen (cgroup memory.max), 4 workers (up to 6 "
				+ "JVMs during a rolling restart, 7 with a training run) × (max heap 760 MiB + 256 MiB non-heap) + "
				+ "master 256 MiB + 10% headroom = 8.0 GiB fit: workers get -Xmx760m");
	}

	@Test
	void theLinesOfTheDocumentationForAJarLaunchCountTheTrainingRun() {
		assertThat(MemoryBudget.plan(EIGHT_GIB, null, NONE, 4, 2, ONE, TRAINING_RUN).summary())
			.isEqualTo("Memory budget: 8.0 GiB seen (cgroup memory.max), 4 workers (up to 5 JVMs during a rolling "
					+ "restart, 6 with a training run) × (max heap 930 MiB + 256 MiB non-heap) + master 256 MiB + 10% "
					+ "headroom = 8.0 GiB fit: workers get -Xmx930m");
		assertThat(MemoryBudget.plan(EIGHT_GIB, null, HeapOptions.of(List.of("-XX:MaxRAMPercentage=50")), 4, 2, ONE,
				TRAINING_RUN).summary()).isEqualTo("Memory budget: 8.0 GiB seen (cgroup memory.max), but 4 workers (up "
						+ "to 5 JVMs during a rolling restart, 6 with a training run) × (max heap 4.0 GiB from "
						+ "-XX:MaxRAMPercentage=50 + 256 MiB non-heap) + master 256 MiB + 10% headroom = 26.5 GiB: under "
						+ "load the kernel may kill workers; lower the heap or cluster.master.size");
	}

	@Test
	void aResizeUpCountsTheTrainingRunAtRest() {
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, null, NONE, 4, 2, ONE, TRAINING_RUN);
		assertThat(budget.refusal(5)).isNull();
		assertThat(budget.refusal(8)).isEqualTo("(8 workers + a training run) × (max heap 930 MiB + 256 MiB non-heap) "
				+ "+ master 256 MiB + 10% headroom = 11.5 GiB exceed the 8.0 GiB this master sees (cgroup memory.max)");
	}

	@Test
	void theTrainingRunCountsAgainstAnExplicitHeapToo() {
		// 4 x 3.2 GiB fit in 24 GiB with 2 surging, but not with the training run's fifth, sixth and seventh JVM
		VisibleMemory memory = new VisibleMemory(24 * GIB, "physical memory");
		HeapOptions heap = HeapOptions.of(List.of("-Xmx3277m"));
		assertThat(MemoryBudget.plan(memory, null, heap, 4, 2, new MaxSurge(2, false), NO_OTHERS).fits()).isTrue();
		MemoryBudget budget = MemoryBudget.plan(memory, null, heap, 4, 2, new MaxSurge(2, false), TRAINING_RUN);
		assertThat(budget.fits()).isFalse();
		assertThat(budget.summary()).contains("4 workers (up to 6 JVMs during a rolling restart, 7 with a training "
				+ "run) × (max heap 3.2 GiB from -Xmx3277m + 256 MiB non-heap)");
	}

	@Test
	void hotSparesAreCountedAfterTheTrainingRun() {
		MemoryBudget budget = MemoryBudget.plan(EIGHT_GIB, null, HeapOptions.of(List.of("-Xmx512m")), 2, 2, ONE,
				new MemoryBudget.OtherJvms(1, 2));
		assertThat(budget.summary()).contains("2 workers (up to 3 JVMs during a rolling restart, 4 with a training "
				+ "run, 6 with 2 hot spares) × (max heap 512 MiB from -Xmx512m + 256 MiB non-heap) + master 256 MiB + "
				+ "10% headroom = 5.5 GiB fit");
		assertThat(budget.refusal(6)).isNull();
		assertThat(budget.refusal(7)).isEqualTo("(7 workers + a training run + 2 hot spares) × (max heap 512 MiB from "
				+ "-Xmx512m + 256 MiB non-heap) + master 256 MiB + 10% headroom = 8.5 GiB exceed the 8.0 GiB this "
				+ "master sees (cgroup memory.max)");
	}

	@Test
	void sizesReadAsPeopleReadThem() {
		assertThat(MemoryBudget.bytes(640 * MIB)).isEqualTo("640 MiB");
		assertThat(MemoryBudget.bytes(7 * GIB + 600 * MIB)).isEqualTo("7.6 GiB");
	}

}
