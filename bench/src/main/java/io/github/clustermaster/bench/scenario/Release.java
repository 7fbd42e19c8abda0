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

/**
 * Another release of the sample: a copy of its jar with one more
 * {@code application.properties} that sets {@code sample.release}, which
 * {@code GET /release} answers.
 *
 * @author cluster-master
 */
final class Release {

	private Release() {
	}

	static void write(Path jar, Path target, String release) throws IOException {
		try (ZipFile source = new ZipFile(jar.toFile());
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
	}

}
