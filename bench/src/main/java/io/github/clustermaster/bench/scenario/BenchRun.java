package io.github.clustermaster.bench.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.testsupport.FreePort;

/**
 * What every scenario of one run shares: the sample jar (and other releases of it), the
 * deploy path, the directory of the logs, the options and the report.
 *
 * @param jar a copy of the sample jar, so that a rebuild during the run cannot change it
 * @param current the deploy path of the masters that build and use an archive: a copy of
 * the jar, which the deploys replace with another release
 * @param logs the directory of the logs (and of the release caches, deleted at the end)
 * @param options the options
 * @param report the report
 * @author cluster-master
 */
public record BenchRun(Path jar, Path current, Path logs, Options options, Report report) {

	/** Start a server on a free port, its output in {@code <name>.log}. */
	Server start(Config config, Path jar, String name) {
		return Server.start(config, jar, FreePort.find(), log(name));
	}


	Path log(String name) {
		return this.logs.resolve(name + ".log");
	}

	/** The argument that gives a master a release cache (cluster.master.cache-dir) of this run. */
	String cacheArg(String name) {
		return "--cluster.master.cache-dir=" + this.logs.resolve("cache-" + name);
	}


	/**
	 * Write another release of the sample next to the deploy path: a copy of its jar with one
	 * more {@code application.properties} that sets {@code sample.release}, which
	 * {@code GET /release} answers.
	 */
	Path release(String name, String release) throws IOException {
		Path target = this.current.resolveSibling(name);
		try (ZipFile source = new ZipFile(this.jar.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
			for (Enumeration<? extends ZipEntry> entries = source.entries(); entries.hasMoreElements();) {
				ZipEntry entry = entries.nextElement();
				// Nested jars stay stored (size and CRC copied), as Boot's launcher needs them.
				ZipEntry copy = (entry.getMethod() == ZipEntry.STORED) ? new ZipEntry(entry)
						: new ZipEntry(entry.getName());
				copy.setTime(entry.getTime());
				out.putNextEntry(copy);
				try (InputStream in = source.getInputStream(entry)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry("BOOT-INF/classes/application.properties"));
			out.write(("sample.release=" + release + "\n").getBytes(StandardCharsets.ISO_8859_1));
			out.closeEntry();
		}
		return target;
	}

}
