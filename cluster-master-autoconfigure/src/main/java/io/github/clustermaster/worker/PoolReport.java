package io.github.clustermaster.worker;

import java.io.IOException;
import java.util.List;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.pool.PoolWarning;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

/**
 * Once every bean of the worker's application exists, tells the master what the
 * application keeps per process ({@link PerProcessStateDetector}) and whether Boot's user
 * took the pool's generated password: the master logs each once for the pool.
 *
 * @author cluster-master
 */
public final class PoolReport implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(PoolReport.class);

	private final WorkerSession session;

	private final ListableBeanFactory beans;

	private final Environment environment;

	private final ObjectProvider<PoolPassword> password;

	/**
	 * Create the report.
	 * @param session the worker's session
	 * @param beans the application's beans
	 * @param environment its environment
	 * @param password whether a generated password took the pool's value
	 */
	public PoolReport(WorkerSession session, ListableBeanFactory beans, Environment environment,
			ObjectProvider<PoolPassword> password) {
		this.session = session;
		this.beans = beans;
		this.environment = environment;
		this.password = password;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<PoolWarning> warnings = new PerProcessStateDetector(this.beans, this.environment).detect();
		PoolPassword password = this.password.getIfAvailable();
		@Nullable String user = (password != null) ? password.user() : null;
		try {
			this.session.report(new Frame.Report(warnings, user));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Worker " + this.session.id() + " could not report its per-process state: " + ex);
		}
	}

}
