package io.github.clustermaster.master.memory;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HeapOptions}.
 */
class HeapOptionsTests {

	private static final long MIB = 1L << 20;

	private static final long GIB = 1L << 30;

	@Test
	void noHeapOptionMeansAQuarterOfTheMemory() {
		HeapOptions options = HeapOptions.of(List.of("-XX:+UseSerialGC", "-Xss512k", "-Dspring.profiles.include=worker"));
		assertThat(options.explicit()).isFalse();
		assertThat(options.maxHeap(8 * GIB)).isEqualTo(2 * GIB);
	}

	@Test
	void xmxAndMaxHeapSizeInEveryUnit() {
		assertThat(HeapOptions.of(List.of("-Xmx512m")).maxHeap(8 * GIB)).isEqualTo(512 * MIB);
		assertThat(HeapOptions.of(List.of("-Xmx2G")).maxHeap(8 * GIB)).isEqualTo(2 * GIB);
		assertThat(HeapOptions.of(List.of("-Xmx1048576k")).maxHeap(8 * GIB)).isEqualTo(GIB);
		assertThat(HeapOptions.of(List.of("-Xmx1073741824")).maxHeap(8 * GIB)).isEqualTo(GIB);
		assertThat(HeapOptions.of(List.of("-XX:MaxHeapSize=3g")).maxHeap(8 * GIB)).isEqualTo(3 * GIB);
	}

	@Test
	void percentagesAreOfTheMemoryOrOfMaxRam() {
		assertThat(HeapOptions.of(List.of("-XX:MaxRAMPercentage=50")).maxHeap(8 * GIB)).isEqualTo(4 * GIB);
		assertThat(HeapOptions.of(List.of("-XX:MaxRAMPercentage=12.5")).maxHeap(8 * GIB)).isEqualTo(GIB);
		assertThat(HeapOptions.of(List.of("-XX:MaxRAM=2g")).maxHeap(8 * GIB)).isEqualTo(512 * MIB);
		assertThat(HeapOptions.of(List.of("-XX:MaxRAM=2g", "-XX:MaxRAMPercentage=50")).maxHeap(8 * GIB))
			.isEqualTo(GIB);
	}

	@Test
	void xmxWinsOverPercentagesAndTheLastOfAKindWins() {
		HeapOptions options = HeapOptions.of(List.of("-Xmx1g", "-XX:MaxRAMPercentage=75", "-Xmx3g"));
		assertThat(options.explicit()).isTrue();
		assertThat(options.maxHeap(8 * GIB)).isEqualTo(3 * GIB);
		assertThat(options.option()).isEqualTo("-Xmx3g");
	}

	@Test
	void lookalikeOptionsAreNotHeapOptions() {
		HeapOptions options = HeapOptions.of(List.of("-Xms1g", "-XX:InitialRAMPercentage=50",
				"-XX:MaxMetaspaceSize=256m", "-XX:MaxDirectMemorySize=1g", "-Xmn256m"));
		assertThat(options.explicit()).isFalse();
	}

	@Test
	void aSizeTheJvmDoesNotTakeIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> HeapOptions.of(List.of("-Xmxlots")))
			.withMessage("-Xmxlots is not a heap size the JVM takes (e.g. -Xmx512m, -Xmx2g)");
		assertThatIllegalArgumentException().isThrownBy(() -> HeapOptions.of(List.of("-XX:MaxRAMPercentage=150")))
			.withMessageContaining("not a percentage from 0 to 100");
	}

}
