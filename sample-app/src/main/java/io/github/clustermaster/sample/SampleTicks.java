package io.github.clustermaster.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * A job ticking every second, written as any Boot application writes one. With
 * cluster-master it runs in one worker of the pool at a time (the holder of the pool's
 * {@code scheduling} lease), unless {@code cluster.master.scheduling=every-worker}. Each
 * tick logs {@code tick <n> worker <id> pid <pid>} and, when {@code sample.ticks-file} names
 * a file, appends {@code <epochMillis> <pid> <worker id>} to it, for the tests to read.
 *
 * @author cluster-master
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SampleTicks {

	private static final Log logger = LogFactory.getLog(SampleTicks.class);

	private final String worker;

	private final String file;

	private final AtomicLong ticks = new AtomicLong();

	SampleTicks(@Value("${cluster.master.worker-id:standalone}") String worker,
			@Value("${sample.ticks-file:}") String file) {
		this.worker = worker;
		this.file = file;
	}

	@Scheduled(fixedRate = 1000)
	void tick() {
		long pid = ProcessHandle.current().pid();
		logger.info("tick " + this.ticks.incrementAndGet() + " worker " + this.worker + " pid " + pid);
		if (!this.file.isEmpty()) {
			String line = System.currentTimeMillis() + " " + pid + " " + this.worker + "\n";
			try {
				// One short write in append mode: lines of several workers never mix.
				Files.writeString(Path.of(this.file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND, StandardOpenOption.WRITE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
