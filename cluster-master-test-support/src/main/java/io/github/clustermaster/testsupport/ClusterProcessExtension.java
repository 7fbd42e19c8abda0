package io.github.clustermaster.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link ClusterProcess clusters} for a test class and closes them however the
 * test ends. A cluster started in {@code @BeforeAll} lives until the class is done; one
 * started in {@code @BeforeEach} or in a test method is closed after that method's
 * {@code @AfterEach}.
 * <pre class="code">
 * &#064;RegisterExtension
 * static final ClusterProcessExtension clusters = new ClusterProcessExtension();
 *
 * static ClusterProcess cluster;
 *
 * &#064;BeforeAll
 * static void startCluster() {
 *     cluster = clusters.start(ClusterProcess.jar(jar).args("--server.port=" + port));
 * }
 * </pre>
 * Register it on a {@code static} field so that it sees the class lifecycle; on an
 * instance field every cluster is closed after each test. A {@code @Nested} class's
 * {@code @BeforeAll} clusters are closed when that nested class is done. Closing happens
 * newest first; if one close fails the others still happen and the first failure is
 * thrown. Not meant for test methods of one class running concurrently. A cluster that
 * no one closes is still killed by its shutdown hook when the test JVM exits.
 *
 * @author cluster-master
 */
public final class ClusterProcessExtension
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

	private static final int METHOD_SCOPE = Integer.MAX_VALUE;

	private final List<Scoped> clusters = new ArrayList<>();

	/** How many test classes are open: more than one with {@code @Nested} classes. */
	private int classDepth;

	private boolean inMethod;

	/**
	 * Start a cluster that this extension closes at the end of the current scope.
	 * @param builder what to start
	 * @return the running cluster
	 */
	public ClusterProcess start(ClusterProcess.Builder builder) {
		return manage(builder.start());
	}

	/**
	 * Take charge of closing a cluster started elsewhere, at the end of the current scope.
	 * @param cluster the cluster
	 * @return the same cluster
	 */
	public synchronized ClusterProcess manage(ClusterProcess cluster) {
		this.clusters.add(new Scoped(cluster, this.inMethod ? METHOD_SCOPE : this.classDepth));
		return cluster;
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		this.classDepth++;
	}

	@Override
	public synchronized void beforeEach(ExtensionContext context) {
		this.inMethod = true;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		List<ClusterProcess> toClose;
		synchronized (this) {
			this.inMethod = false;
			// On an instance field no afterAll comes: then nothing may outlive the test.
			toClose = drain((this.classDepth > 0) ? METHOD_SCOPE : 0);
		}
		closeAll(toClose);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		List<ClusterProcess> toClose;
		synchronized (this) {
			toClose = drain(this.classDepth);
			this.classDepth = Math.max(0, this.classDepth - 1);
		}
		closeAll(toClose);
	}

	private List<ClusterProcess> drain(int fromScope) {
		List<ClusterProcess> drained = new ArrayList<>();
		this.clusters.removeIf((scoped) -> scoped.scope() >= fromScope && drained.add(scoped.cluster()));
		return drained;
	}

	private static void closeAll(List<ClusterProcess> clusters) {
		RuntimeException failure = null;
		// Newest first, like try-with-resources.
		for (int i = clusters.size() - 1; i >= 0; i--) {
			try {
				clusters.get(i).close();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * A cluster and the scope that owns it: a class nesting depth or a method.
	 *
	 * @param cluster the cluster
	 * @param scope the class depth that started it, or {@link #METHOD_SCOPE}
	 */
	private record Scoped(ClusterProcess cluster, int scope) {

	}

}
