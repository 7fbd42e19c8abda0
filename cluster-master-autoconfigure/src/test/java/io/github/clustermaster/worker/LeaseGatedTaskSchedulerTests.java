package io.github.clustermaster.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.SchedulingAwareRunnable;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LeaseGatedTaskScheduler} and {@link OncePerPoolScheduling}.
 */
class LeaseGatedTaskSchedulerTests {

	@Test
	void aRunDoesNothingWithoutTheLeaseAndRunsTheTaskWithIt() throws Exception {
		AtomicBoolean holds = new AtomicBoolean();
		AtomicReference<Runnable> scheduled = new AtomicReference<>();
		ConcurrentTaskScheduler delegate = new ConcurrentTaskScheduler() {
			@Override
			public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
				scheduled.set(task);
				return null;
			}
		};
		LeaseGatedTaskScheduler gated = new LeaseGatedTaskScheduler(delegate, holds::get);
		AtomicBoolean ran = new AtomicBoolean();
		gated.scheduleAtFixedRate(() -> ran.set(true), Duration.ofSeconds(1));
		scheduled.get().run();
		assertThat(ran).isFalse();
		holds.set(true);
		scheduled.get().run();
		assertThat(ran).isTrue();
	}

	@Test
	void theTasksQualifierStillChoosesItsScheduler() {
		AtomicReference<Runnable> scheduled = new AtomicReference<>();
		ConcurrentTaskScheduler delegate = new ConcurrentTaskScheduler() {
			@Override
			public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
				scheduled.set(task);
				return null;
			}
		};
		new LeaseGatedTaskScheduler(delegate, () -> true).schedule(new SchedulingAwareRunnable() {
			@Override
			public void run() {
			}

			@Override
			public boolean isLongLived() {
				return true;
			}

			@Override
			public @Nullable String getQualifier() {
				return "reports";
			}
		}, Instant.now());
		assertThat(scheduled.get()).isInstanceOfSatisfying(SchedulingAwareRunnable.class, (task) -> {
			assertThat(task.getQualifier()).isEqualTo("reports");
			assertThat(task.isLongLived()).isTrue();
		});
	}

	@Test
	void theConfigurerWrapsTheRegistrarsSchedulerOnce() {
		ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
		ConcurrentTaskScheduler scheduler = new ConcurrentTaskScheduler();
		registrar.setTaskScheduler(scheduler);
		OncePerPoolScheduling configurer = new OncePerPoolScheduling(() -> true);
		configurer.configureTasks(registrar);
		configurer.configureTasks(registrar);
		assertThat(registrar.getScheduler()).isInstanceOfSatisfying(LeaseGatedTaskScheduler.class,
				(gated) -> assertThat(gated.delegate()).isSameAs(scheduler));
	}

}
