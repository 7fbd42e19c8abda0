package io.github.clustermaster.bench.measure;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link Wrk} and {@link Jcmd}'s readings.
 *
 * @author cluster-master
 */
class WrkTests {

	private static final String OUTPUT = """
			Running 10s test @ http://127.0.0.1:8080/account
			  2 threads and 8 connections
			  Thread Stats   Avg      Stdev     Max   +/- Stdev
			    Latency     1.02ms    2.10ms  45.00ms   95.00%
			  Latency Distribution
			     50%  612.00us
			     75%    0.91ms
			     90%    1.50ms
			     99%    1.20s
			  98123 requests in 10.00s, 40.12MB read
			  Socket errors: connect 0, read 2, write 1, timeout 4
			  Non-2xx or 3xx responses: 5
			Requests/sec:   9812.30
			Transfer/sec:      4.01MB
			account pages 98100, other answers 16
			""";

	@Test
	void readsRateLatenciesAndErrors() {
		Wrk wrk = Wrk.parse(OUTPUT);
		assertThat(wrk.perSecond()).isEqualTo(9812.30);
		assertThat(wrk.p50()).isCloseTo(0.612, within(1e-9));
		assertThat(wrk.p99()).isEqualTo(1200.0);
		assertThat(wrk.requests()).isEqualTo(98123);
		assertThat(wrk.socketErrors()).isEqualTo(7);
		assertThat(wrk.errors()).isEqualTo(12);
		assertThat(wrk.printed(Pattern.compile("account pages (\\d+)")).group(1)).isEqualTo("98100");
		assertThat(wrk.printed(Pattern.compile("never"))).isNull();
	}

	@Test
	void anOutputWithoutARateIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1"))
			.withMessageContaining("no requests/sec");
	}

	@Test
	void readsHeapMetaspaceClassesAndNativeMemoryFromJcmd() {
		Jcmd.Heap heap = Jcmd.Heap.of("""
				 garbage-first heap   total 65536K, used 20480K [0x00000000f0000000, 0x0000000100000000)
				  region size 1024K, 9 young (9216K), 2 survivors (2048K)
				 Metaspace       used 40960K, committed 41984K, reserved 1114112K
				""", """
				       Both:     1024 chunks,     40.00 MB ( 45%) committed,  30720.00 KB ( 75%) used
				       Both:    1114112.00 KB reserved,  41984.00 KB (  4%) committed
				Total Usage - 12 loaders, 8123 classes (2000 shared):
				""");
		assertThat(heap.committed()).isEqualTo(64.0);
		assertThat(heap.used()).isEqualTo(20.0);
		assertThat(heap.metaspaceCommitted()).isEqualTo(41.0);
		assertThat(Jcmd.classes("Total Usage - 12 loaders, 8123 classes (2000 shared):")).containsExactly(12, 8123, 2000);
		assertThat(Jcmd.classes("nothing")).isEmpty();
		String nmt = """
				Total: reserved=1500000KB, committed=102400KB
				-                 Java Heap (reserved=262144KB, committed=65536KB)
				-                     Class (reserved=1049600KB, committed=10240KB)
				""";
		assertThat(Jcmd.nativeMemoryTotal(nmt)).isEqualTo(100.0);
		assertThat(Jcmd.nativeMemory(nmt)).containsExactly(org.assertj.core.api.Assertions.entry("Java Heap", 64.0),
				org.assertj.core.api.Assertions.entry("Class", 10.0));
	}

}
