package io.github.clustermaster.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.SchedulingAwareRunnable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * The scheduler of the application's scheduled tasks in a worker when the pool runs them
 * once ({@code cluster.master.scheduling=single}): every task stays scheduled as the
 * application set it up, on the scheduler it chose, but each run does nothing unless this
 * worker holds the pool's {@code scheduling} lease at that moment. Only the tasks of
 * Spring's {@code ScheduledTaskRegistrar} ({@code @Scheduled} methods and
 * {@code SchedulingConfigurer} tasks) come through here; the scheduler bean itself, used
 * directly by the application, is not changed.
 *
 * @author cluster-master
 */
final class LeaseGatedTaskScheduler implements TaskScheduler {

	private static final Log logger = LogFactory.getLog(LeaseGatedTaskScheduler.class);

	private final TaskScheduler delegate;

	private final BooleanSupplier gate;

	LeaseGatedTaskScheduler(TaskScheduler delegate, BooleanSupplier gate) {
		this.delegate = delegate;
		this.gate = gate;
	}

	TaskScheduler delegate() {
		return this.delegate;
	}

	@Override
	public Clock getClock() {
		return this.delegate.getClock();
	}

	@Override
	public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		return this.delegate.schedule(gated(task), trigger);
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		return this.delegate.schedule(gated(task), startTime);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		return this.delegate.scheduleAtFixedRate(gated(task), startTime, period);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		return this.delegate.scheduleAtFixedRate(gated(task), period);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		return this.delegate.scheduleWithFixedDelay(gated(task), startTime, delay);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		return this.delegate.scheduleWithFixedDelay(gated(task), delay);
	}

	private Runnable gated(Runnable task) {
		return new Gated(task, this.gate);
	}

	/**
	 * Keeps the task's qualifier (the scheduler a {@code @Scheduled(scheduler = …)} names,
	 * which Spring's {@code TaskSchedulerRouter} reads) and long-lived hint.
	 */
	private record Gated(Runnable task, BooleanSupplier gate) implements SchedulingAwareRunnable {

		@Override
		public void run() {
			if (this.gate.getAsBoolean()) {
				this.task.run();
			}
			else if (logger.isTraceEnabled()) {
				logger.trace("Skipped " + this.task + ": another worker runs the pool's scheduled work");
			}
		}

		@Override
		public boolean isLongLived() {
			return (this.task instanceof SchedulingAwareRunnable aware) && aware.isLongLived();
		}

		@Override
		public @Nullable String getQualifier() {
			return (this.task instanceof SchedulingAwareRunnable aware) ? aware.getQualifier() : null;
		}

		@Override
		public String toString() {
			return this.task.toString();
		}

	}

}
