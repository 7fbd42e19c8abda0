package io.github.clustermaster.worker;

import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Makes the application's scheduled tasks run in one worker of the pool at a time: the
 * last {@link SchedulingConfigurer} (after the application's own, which may set their
 * scheduler) wraps the registrar's scheduler, whichever it is (Spring's router to Boot's
 * auto-configured scheduler or to the application's, a {@code ScheduledExecutorService},
 * virtual threads or not), in a {@link LeaseGatedTaskScheduler}. Nothing happens unless
 * the application enables scheduling.
 *
 * @author cluster-master
 */
public final class OncePerPoolScheduling implements SchedulingConfigurer, Ordered {

	private static final Log logger = LogFactory.getLog(OncePerPoolScheduling.class);

	private final BooleanSupplier gate;

	/**
	 * Gate the scheduled tasks.
	 * @param gate whether this worker may run them now (it holds the lease)
	 */
	public OncePerPoolScheduling(BooleanSupplier gate) {
		this.gate = gate;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		TaskScheduler scheduler = registrar.getScheduler();
		if (scheduler == null) {
			logger.warn("The application's scheduled tasks have no scheduler yet: they are not limited to one worker "
					+ "of the pool (cluster.master.scheduling=single)");
			return;
		}
		if (!(scheduler instanceof LeaseGatedTaskScheduler)) {
			registrar.setTaskScheduler(new LeaseGatedTaskScheduler(scheduler, this.gate));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
