package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link Ending} alone: serving, quitting, ended.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class EndingTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final SupervisorSettings SETTINGS = SupervisorFixture.settings(1);

	private final Ending ending = new Ending();

	private final AcceptQueueWatch acceptQueue = new AcceptQueueWatch();

	@Test
	void aServingPoolTakesResizesAndRestartsAndAQuittingOneRefusesThem() {
		this.ending.assertServing();
		assertThat(this.ending.isQuitting()).isFalse();
		assertThat(this.ending.quitGracefully(T0, SETTINGS, 2)).isTrue();
		assertThat(this.ending.isQuitting()).isTrue();
		assertThatIllegalStateException().isThrownBy(this.ending::assertServing).withMessage("The master is quitting");
	}

	@Test
	void aSecondQuitIsLeftToTheCallerToQuitHardAndSaysSo(CapturedOutput output) {
		this.ending.quitGracefully(T0, SETTINGS, 2);
		assertThat(this.ending.quitGracefully(T0, SETTINGS, 2)).isFalse();
		assertThat(output).contains("Second quit: killing every worker");
	}

	@Test
	void aQuitsCallerIsAnsweredWithTheExitCodeOnceThePoolHasEnded() {
		CompletableFuture<Integer> caller = new CompletableFuture<>();
		this.ending.quitHard(1);
		this.ending.answer(caller);
		assertThat(caller).isNotDone();
		this.ending.end();
		assertThat(caller).isCompletedWithValue(1);
		assertThat(this.ending.terminated()).isCompletedWithValue(1);
	}

	@Test
	void aFailedSupervisorEndsThePoolAtOnce() {
		this.ending.failed(Supervisor.EXIT_FAILED);
		assertThat(this.ending.isQuitting()).isTrue();
		assertThat(this.ending.terminated()).isCompletedWithValue(70);
	}

	@Test
	void aQuitStopsTheWorkersAndTheSparesAndHasEndedOnceNoneIsLeft(CapturedOutput output) {
		Pool pool = new Pool();
		Spares spares = new Spares();
		WorkerHandle worker = ready(1);
		WorkerHandle spare = ready(2);
		pool.add(worker);
		spares.add(spare);
		assertThat(this.ending.step(pool, spares, T0, SETTINGS, this.acceptQueue)).as("serving").isFalse();
		assertThat(worker.state).isEqualTo(WorkerState.READY);
		this.ending.quitGracefully(T0, SETTINGS, 1);
		assertThat(this.ending.step(pool, spares, T0, SETTINGS, this.acceptQueue)).isFalse();
		assertThat(worker.state).isEqualTo(WorkerState.STOPPING);
		assertThat(spare.state).isEqualTo(WorkerState.STOPPING);
		pool.remove(worker);
		spares.exited(spare);
		assertThat(this.ending.step(pool, spares, T0, SETTINGS, this.acceptQueue)).isTrue();
		assertThat(output).contains("Every worker has exited; the master exits with code 0");
		assertThat(this.ending.terminated()).as("ended by the caller, after its last status").isNotDone();
		this.ending.end();
		assertThat(this.ending.terminated()).isCompletedWithValue(0);
	}

	private static WorkerHandle ready(int id) {
		WorkerHandle worker = new WorkerHandle(id, 1, null, new FakeProcess(1000 + id), T0, 0);
		worker.ready(T0);
		return worker;
	}

}
